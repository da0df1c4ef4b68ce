package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client pauses the video of a tile the viewer cannot see: the server then forwards nothing for it
 * (its audio goes on), and the video comes back when the tile shows again.
 */
class PausedTileBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void aHiddenTilesVideoIsPausedAtTheServerAndResumesWhenShown() throws Exception {
        JsonNode result = SERVER.runScript("pause.mjs", 100, "--room", "pause");
        ScriptSteps.assertNoFailures(result);
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
