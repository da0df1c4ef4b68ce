package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data channels through the server with the JavaScript library (e2e/data-channels.mjs), three headless Chromium
 * participants and a fourth without the publishData grant: 10 B, 64 KiB and 1 MiB arrive intact and in order,
 * named recipients get only theirs, a data-only participant connects in an empty room and receives, the lossy
 * channel delivers intact messages, a participant without publishData cannot send, REST data reaches everyone;
 * and the web client's chat panel (e2e/chat.mjs).
 */
class DataChannelsBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void messagesOfEverySizeReachTheirRecipientsThroughTheServer() throws Exception {
        JsonNode result = SERVER.runScript("data-channels.mjs", 180, "--room", "e2e-data");
        ScriptSteps.assertNoFailures(result);
        assertTrue(result.path("ok").asBoolean(), "data-channels run not ok: " + result);
        assertTrue(result.path("steps").size() >= 12, "every step ran: " + result.path("steps"));
    }

    /** The web client's chat panel over the reliable channel: names, the unread badge, opening the panel. */
    @Test
    void chatLinesReachTheOthersWithNamesAndAnUnreadBadge() throws Exception {
        JsonNode result = SERVER.runScript("chat.mjs", 120, "--room", "e2e-chat");
        ScriptSteps.assertNoFailures(result);
        ScriptSteps.assertAllOk(result.path("steps"));
    }
}
