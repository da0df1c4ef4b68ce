package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose link goes dark while eight 1 MiB messages stream to it (e2e/data-slow-receiver.mjs; headless
 * Chromium with the client library, nftables in a namespace of the run's own, {@link PrivateNetworkRun}): the
 * server's send budget for it fills, what does not fit is dropped and a message cut in the middle is voided with a
 * DISCARD part. The others get every message; the slow one, back, gets only whole messages and the next one.
 */
class DataSlowReceiverBrowserTest {
    private static final int HTTP_PORT = 28520;
    private static final int UDP_PORT = 30520;

    @Test
    void aReceiverThatFallsBehindGetsOnlyWholeMessages() throws Exception {
        PrivateNetworkRun.Outcome outcome = PrivateNetworkRun.run("data-slow-receiver.mjs", 270, HTTP_PORT, UDP_PORT);
        JsonNode result = outcome.result();
        System.out.println("data-slow-receiver result: " + result.toPrettyString());
        assertEquals(0, result.path("failures").size(),
                "failures: " + result.path("failures") + "\nserver log:\n" + outcome.serverLogTail());
        ScriptSteps.assertAllOk(result.path("steps"));
        assertTrue(result.path("receiverBufferFullDrops").asDouble() > 0, "the budget overflowed: " + result);
    }
}
