package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Data channels through the server when one participant's link loses 5% of its packets in both directions
 * (e2e/data-lossy-link.mjs; three headless Chromium pages with the client library): 10 B, 64 KiB and 1 MiB
 * messages and a burst of 200 small ones, sent by and to the lossy participant, arrive intact and in order at
 * every receiver; what the lossy channel delivers is intact and never duplicated. The loss comes from nftables
 * rules in a network namespace of the run's own ({@link PrivateNetworkRun}).
 */
class DataLossyLinkBrowserTest {
    private static final int HTTP_PORT = 28510;
    private static final int UDP_PORT = 30510;

    @Test
    void reliableMessagesSurviveFivePercentLossOnOneParticipantsLink() throws Exception {
        PrivateNetworkRun.Outcome outcome = PrivateNetworkRun.run("data-lossy-link.mjs", 330, HTTP_PORT, UDP_PORT,
                "--loss", "5");
        JsonNode result = outcome.result();
        System.out.println("data-lossy-link result: " + result.toPrettyString());
        assertEquals(0, result.path("failures").size(),
                "failures: " + result.path("failures") + "\nserver log:\n" + outcome.serverLogTail());
        ScriptSteps.assertAllOk(result.path("steps"));
        JsonNode steps = result.path("steps");
        // Every receiver's order check ran: L -> A, B and A -> L, B for the sizes; L -> A, B and A -> L for the burst.
        assertEquals(4, ScriptSteps.countStartingWith(steps, "bulk-"), "bulk checks: " + steps);
        assertEquals(3, ScriptSteps.countStartingWith(steps, "burst-from-L: 200")
                + ScriptSteps.countStartingWith(steps, "burst-to-L: 200"), "burst checks: " + steps);
        JsonNode dropped = result.path("nftDropped");
        assertTrue(dropped.path("toL").asLong() > 0 && dropped.path("fromL").asLong() > 0, "loss both ways: " + dropped);
    }
}
