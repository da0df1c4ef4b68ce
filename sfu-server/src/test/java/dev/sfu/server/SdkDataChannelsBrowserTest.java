package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The client library's data channels in headless Chromium without the server (e2e/data-loopback.mjs): a second
 * RTCPeerConnection in the page relays each part back as the server does, and 10 B to eight concurrent 1 MiB
 * messages come back intact and in order, lossy messages as single unreliable parts, bad arguments rejected.
 * The same code through the server is {@link DataChannelsBrowserTest}.
 */
class SdkDataChannelsBrowserTest {
    @Test
    void libraryDataChannelsSplitSendAndJoinMessagesInARealBrowser() throws Exception {
        JsonNode result = NodeScript.run("data-loopback.mjs", 150);
        ScriptSteps.assertNoFailures(result);
        ScriptSteps.assertAllOk(result.path("steps"));
        assertTrue(result.path("ok").asBoolean(), "data-loopback run not ok: " + result);
    }
}
