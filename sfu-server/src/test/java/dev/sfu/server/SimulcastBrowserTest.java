package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Chromium publisher sends three simulcast layers; Chromium viewers asking low, medium and high decode
 * 320, 640 and 1280 pixel-wide frames; one viewer switching low and high six times keeps decoding at the
 * right width after each switch; the publisher's keyframe requests stay bounded.
 */
class SimulcastBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void eachViewerGetsTheLayerItAskedForAndSwitchesCleanly() throws Exception {
        JsonNode result = SERVER.runScript("simulcast.mjs", 260);
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        assertEquals(3, steps.path("publisherSendsThreeLayers").path("detail").path("layers").size());
        assertEquals(320, steps.path("lowViewerGets320").path("detail").path("frameWidth").asInt());
        assertEquals(640, steps.path("mediumViewerGets640").path("detail").path("frameWidth").asInt());
        assertEquals(1280, steps.path("highViewerGets1280").path("detail").path("frameWidth").asInt());
        assertTrue(steps.path("keepsDecodingAcrossSwitches").path("detail").path("framesDecoded").asInt() > 30);
        ScriptSteps.assertAllOk(steps);
        assertEquals(6, ScriptSteps.countStartingWith(steps, "switch"), "every switch was made and checked");
        JsonNode plis = steps.path("publisherPlisBounded").path("detail");
        assertTrue(plis.path("plis").asInt() <= 3 * 6, "PLIs: " + plis);
    }
}
