package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A Chromium participant that publishes nothing watches others come and go on one connection: it decodes
 * and hears two publishers, keeps decoding the second after the first leaves, is alone without losing its
 * connection when both left, and decodes a third who joins later (its idle transceivers are reused).
 */
class ViewerBrowserTest {
    @Test
    void aViewerKeepsOneConnectionWhilePublishersComeAndGo() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback())) {
            JsonNode result = NodeScript.run("viewer.mjs", 150, "--url", "http://127.0.0.1:" + server.httpPort(),
                    "--api-key", TestServers.API_KEY);
            System.out.println("viewer result: " + result.toPrettyString());
            assertViewerFollowedEveryone(result);
        }
    }

    /**
     * The checks of a viewer run (also with a Firefox viewer): every step passed, among them decoding and
     * hearing A and B, then B alone, then C; and the viewer kept one connection (same participant id) throughout.
     */
    static void assertViewerFollowedEveryone(JsonNode result) {
        assertEquals(0, result.path("failures").size(), "failures: " + result.path("failures"));
        JsonNode steps = result.path("steps");
        for (String step : new String[] {"viewerJoined", "decodesAandB", "hearsAandB", "sendsNothing",
                "decodesBAfterALeft", "aloneAfterBLeft", "decodesCAfterward", "hearsCAfterward", "noPageErrors"}) {
            assertTrue(steps.path(step).path("ok").asBoolean(), step + ": " + steps.path(step));
        }
        String viewerId = steps.path("viewerJoined").path("detail").path("participantId").asText();
        JsonNode alone = steps.path("aloneAfterBLeft").path("detail").path("state");
        assertEquals(viewerId, alone.path("participantId").asText(), "the viewer never had to rejoin");
        assertEquals("connected", alone.path("pc").asText());
        ScriptSteps.assertAllOk(steps);
    }
}
