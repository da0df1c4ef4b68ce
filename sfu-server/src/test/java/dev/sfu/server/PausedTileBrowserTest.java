package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The web client pauses the video of a tile the viewer cannot see: the server then forwards nothing for it
 * (its audio goes on), and the video comes back when the tile shows again.
 */
class PausedTileBrowserTest {
    @Test
    void aHiddenTilesVideoIsPausedAtTheServerAndResumesWhenShown() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback())) {
            JsonNode result = NodeScript.run("pause.mjs", 100, "--url", "http://127.0.0.1:" + server.httpPort(),
                    "--room", "pause", "--api-key", TestServers.API_KEY);
            System.out.println("pause result: " + result.toPrettyString());
            assertEquals(0, result.path("failures").size(), "failures: " + result.path("failures"));
            JsonNode steps = result.path("steps");
            for (String step : new String[] {"viewerDecodes", "serverPaused", "noVideoWhilePaused", "audioGoesOn",
                    "clientReportsPaused", "resumes", "noPageErrors"}) {
                assertTrue(steps.path(step).path("ok").asBoolean(), step + ": " + steps.path(step));
            }
            assertEquals(0, steps.path("noVideoWhilePaused").path("detail").path("frames").asInt());
            assertEquals(-1, steps.path("serverPaused").path("detail").path("targetLayer").asInt(),
                    "a paused subscription has no target layer: " + steps.path("serverPaused"));
        }
    }
}
