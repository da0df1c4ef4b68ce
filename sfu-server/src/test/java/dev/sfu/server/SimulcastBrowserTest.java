package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A Chromium publisher sends three simulcast layers; Chromium viewers asking low, medium and high decode
 * 320, 640 and 1280 pixel-wide frames; one viewer switching low and high six times keeps decoding at the
 * right width after each switch; the publisher's keyframe requests stay bounded.
 */
class SimulcastBrowserTest {
    @Test
    void eachViewerGetsTheLayerItAskedForAndSwitchesCleanly() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback())) {
            JsonNode result = NodeScript.run("simulcast.mjs", 260, "--url", "http://127.0.0.1:" + server.httpPort(),
                    "--api-key", TestServers.API_KEY);
            System.out.println("simulcast result: " + result.toPrettyString());
            assertEquals(0, result.path("failures").size(), "failures: " + result.path("failures"));
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
}
