package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Debian's Firefox ESR (driven by puppeteer-core over WebDriver BiDi) on the project's own web client, beside
 * Chromium: the same e2e scripts as the Chromium tests, with the participants named by {@code --firefox} opened
 * in Firefox. Firefox offers bundle-only m-lines, a=ssrc lines beside its simulcast rids, and its own
 * getStats; each run checks what was decoded, not what was negotiated. At most three pages at once (2 cores).
 */
class FirefoxBrowsersTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @BeforeAll
    static void firefoxIsInstalled() {
        NodeScript.requireFirefox();
    }

    /** Firefox A with Chromium B and C: each decodes both others' video at the size sent and plays their audio. */
    @Test
    void firefoxAndChromiumSeeAndHearEachOther() throws Exception {
        JsonNode result = SERVER.runScript("three-party.mjs", 150,
                "--room", "e2e-firefox-mixed",
                "--simulcast", "0",
                "--firefox", "A");
        assertEquals("firefox", result.path("browsers").path("A").asText());
        assertEquals("chromium", result.path("browsers").path("B").asText());
        ThreeBrowsersCallTest.assertEveryoneSeesAndHearsEveryone(result);
    }

    /**
     * Firefox publishes the web client's three simulcast layers of its 1280x720 fake camera; a Chromium viewer
     * asking low decodes 320 wide, one asking high 1280 wide; the low viewer switching to high and back keeps decoding.
     * Two switches only: on a busy machine Firefox stops sending its top layer for 10 s or more at a time (the
     * server's layer stats show it inactive), which makes a switch to high wait and the viewer count freezes.
     */
    @Test
    void chromiumViewersGetTheLayersTheyAskOfAFirefoxPublisher() throws Exception {
        JsonNode result = SERVER.runScript("simulcast.mjs", 260,
                "--firefox", "Publisher",
                "--viewers", "low,high",
                "--switches", "2");
        assertEquals("firefox", result.path("browsers").path("Publisher").asText());
        assertEquals("chromium", result.path("browsers").path("View-low").asText());
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        assertEquals(3, steps.path("publisherSendsThreeLayers").path("detail").path("layers").size());
        JsonNode low = steps.path("lowViewerGets320").path("detail");
        JsonNode high = steps.path("highViewerGets1280").path("detail");
        assertEquals(320, low.path("frameWidth").asInt(), "low: " + low);
        assertEquals(180, low.path("frameHeight").asInt(), "low: " + low);
        assertEquals(1280, high.path("frameWidth").asInt(), "high: " + high);
        assertEquals(720, high.path("frameHeight").asInt(), "high: " + high);
        ScriptSteps.assertAllOk(steps);
        assertEquals(2, ScriptSteps.countStartingWith(steps, "switch"), "every switch was made and checked");
    }

    /** A Firefox viewer decodes and hears Chromium publishers coming and going, on one connection. */
    @Test
    void aFirefoxViewerFollowsChromiumPublishers() throws Exception {
        JsonNode result = SERVER.runScript("viewer.mjs", 150, "--firefox", "Viewer");
        assertEquals("firefox", result.path("browsers").path("Viewer").asText());
        assertEquals("chromium", result.path("browsers").path("A").asText());
        ViewerBrowserTest.assertViewerFollowedEveryone(result);
        JsonNode seen = result.path("steps").path("decodesAandB").path("detail");
        for (String publisher : new String[] {"A", "B"}) {
            // The layer that fits the viewer's tile (auto quality): one of Chromium's three.
            int width = seen.path(publisher).path("frameWidth").asInt();
            assertTrue(width == 320 || width == 640 || width == 1280, publisher + ": " + seen);
        }
    }
}
