package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Participants coming and going in the middle of a 1 MiB message do not disturb the others (e2e/data-churn.mjs,
 * headless Chromium with the client library): one reloading its page and one leaving at the first part they get,
 * the others still receive that message and the next whole; the reloaded one, back, gets only whole messages; one
 * joining while messages stream gets only whole ones, in order, and the one sent after it joined.
 */
class DataChurnBrowserTest {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.loopback();

    @Test
    void leavingOrJoiningMidMessageLeavesOnlyWholeMessages() throws Exception {
        JsonNode result = SERVER.runScript("data-churn.mjs", 270, "--room", "e2e-data-churn");
        ScriptSteps.assertNoFailures(result);
        JsonNode steps = result.path("steps");
        ScriptSteps.assertAllOk(steps);
        assertTrue(steps.has("J, joining mid-stream, gets only whole messages, in order"), "the join check ran: " + steps);
        assertTrue(steps.has("R, back, has only whole messages"), "the reload check ran: " + steps);
        assertTrue(result.path("streamSent").asInt() >= 2, "A streamed while J joined: " + result.path("joiner"));
    }
}
