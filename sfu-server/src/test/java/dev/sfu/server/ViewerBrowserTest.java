package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Chromium participant that publishes nothing watches others come and go on one connection: it decodes
 * and hears two publishers, keeps decoding the second after the first leaves, is alone without losing its
 * connection when both left, and decodes a third who joins later (its idle transceivers are reused).
 */
class ViewerBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void aViewerKeepsOneConnectionWhilePublishersComeAndGo() throws Exception {
        assertViewerFollowedEveryone(SERVER.runScript("viewer.mjs", 150));
    }

    /**
     * The checks of a viewer run (also with a Firefox viewer): every step passed, among them decoding and
     * hearing A and B, then B alone, then C; and the viewer kept one connection (same participant id) throughout.
     */
    static void assertViewerFollowedEveryone(JsonNode result) {
        ScriptSteps.assertNoFailures(result);
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
