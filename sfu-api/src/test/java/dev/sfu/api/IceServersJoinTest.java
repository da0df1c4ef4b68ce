package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.api.signaling.IceServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code joined} hands each participant the configured STUN/TURN servers, with credentials of its own. */
class IceServersJoinTest {

    @Test
    void joinedCarriesTurnCredentialsMadeForThatParticipant() throws Exception {
        IceServers ice = IceServers.of(List.of("turn:127.0.0.1:3478?transport=udp"), "a-shared-turn-secret", "", "",
                Duration.ofHours(2), Clock.systemUTC());
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(),
                TestSfuServer.developmentApi().withIceServers(ice))) {
            String room = TestSfuServer.uniqueRoom("turn");
            JsonNode ann = server.connect().join(room, "Ann");
            JsonNode bob = server.connect().join(room, "Bob");
            for (JsonNode joined : List.of(ann, bob)) {
                JsonNode servers = joined.path("iceServers");
                assertEquals(1, servers.size(), joined.toString());
                JsonNode turn = servers.get(0);
                assertEquals("turn:127.0.0.1:3478?transport=udp", turn.path("urls").get(0).asText());
                String[] user = turn.path("username").asText().split(":");
                assertEquals(joined.path("participantId").asText(), user[1], "the username names the participant");
                long expiry = Long.parseLong(user[0]);
                long now = System.currentTimeMillis() / 1000;
                assertTrue(expiry > now + 7000 && expiry <= now + 7200, "expires in about 2 h: " + expiry);
                assertEquals(28, turn.path("credential").asText().length(), "base64 of a 20-byte HMAC-SHA1");
            }
        }
    }

    @Test
    void joinedHasAnEmptyListWhenNoneAreConfigured() throws Exception {
        try (TestSfuServer server = TestSfuServer.start()) {
            JsonNode joined = server.connect().join(TestSfuServer.uniqueRoom("noturn"), "Ann");
            assertTrue(joined.path("iceServers").isArray(), joined.toString());
            assertEquals(0, joined.path("iceServers").size());
        }
    }
}
