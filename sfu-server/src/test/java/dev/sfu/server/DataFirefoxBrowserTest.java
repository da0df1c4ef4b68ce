package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data channels between Firefox ESR and Chromium through the server, both with the client library
 * (e2e/data-firefox.mjs): a data-only Firefox participant and one with audio and video exchange 10 B, 64 KiB and
 * 1 MiB with a Chromium participant both ways, intact and in order. Firefox announces {@code a=max-message-size}
 * 1073741823 and Chromium 262144: a single part of almost 1 MiB from Firefox reaches Chromium whole, which takes the
 * server cutting it into parts of at most 256 KiB.
 */
class DataFirefoxBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @BeforeAll
    static void firefoxIsInstalled() {
        NodeScript.requireFirefox();
    }

    @Test
    void firefoxAndChromiumExchangeMessagesOfEverySize() throws Exception {
        JsonNode result = SERVER.runScript("data-firefox.mjs", 270, "--room", "e2e-data-firefox");
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        ScriptSteps.assertAllOk(steps);
        // Both directions, for the data-only Firefox (F) and the one with media (M): six receivers' order checks.
        assertEquals(6, ScriptSteps.countStartingWith(steps, "bulk-"), "bulk checks: " + steps);
        assertTrue(result.path("offers").path("F").toString().contains("a=max-message-size:1073741823"),
                "Firefox's own limit: " + result.path("offers"));
        JsonNode cut = steps.path("a single part of almost 1 MiB from F reaches C whole, cut into parts of at most 256 KiB");
        assertTrue(cut.path("ok").asBoolean(), "the large part was cut for Chromium: " + cut);
    }
}
