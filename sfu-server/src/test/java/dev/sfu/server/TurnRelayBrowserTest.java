package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Chromium participants that may use only relayed candidates call each other through a real coturn: the
 * server's {@code iceServers} in {@code joined}, its per-participant shared-secret credentials (checked by
 * coturn) and ICE-lite checks arriving from the relay's address all have to work.
 */
class TurnRelayBrowserTest {
    @Test
    void aCallWorksWithMediaOnlyThroughTheTurnRelay() throws Exception {
        String secret = ServerConfig.randomSecret();
        try (CoturnProcess turn = CoturnProcess.start(secret);
                SfuServer server = SfuServer.start(TestServers.loopback(Map.of(
                        "SFU_ICE_SERVERS", "turn:127.0.0.1:" + turn.port() + "?transport=udp",
                        "SFU_TURN_SECRET", secret)))) {
            JsonNode result = NodeScript.run("relay.mjs", 100, "--url", "http://127.0.0.1:" + server.httpPort(),
                    "--room", "relay", "--api-key", TestServers.API_KEY);
            System.out.println("relay result: " + result.toPrettyString());
            ScriptSteps.assertNoFailures(result);
            for (String page : new String[] {"A", "B"}) {
                JsonNode p = result.path("pages").path(page);
                assertTrue(p.path("framesDecodedDelta").asInt() > 0, page + ": " + p);
                assertTrue(p.path("audioSamplesDelta").asInt() > 0, page + ": " + p);
                JsonNode transport = p.path("transport");
                assertEquals("relay", transport.path("local").path("type").asText(), page + ": " + transport);
                // The room outlives the pages (SFU_ROOM_EMPTY_TIMEOUT_SECONDS), so its media loop is still known.
                assertEquals(server.engine().mediaAddress("relay").orElseThrow().getPort(),
                        transport.path("remote").path("port").asInt(),
                        "the relay delivers to the UDP port of the room's media loop: " + transport);
            }
        }
    }
}
