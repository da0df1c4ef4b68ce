package dev.sfu.api.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IceServersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_789_913_600L), ZoneOffset.UTC);

    @Test
    void sharedSecretCredentialsAreWhatCoturnComputes() {
        // Expected value computed independently: python3 -c "import hmac,hashlib,base64;
        // print(base64.b64encode(hmac.new(b'north-wind-secret', b'1790000000:PA_test', hashlib.sha1).digest()))"
        assertEquals("WCnpWl8o02iV00lgjqXNGMjKQfo=", IceServers.restApiPassword("north-wind-secret",
                "1790000000:PA_test"));
    }

    @Test
    void turnEntryCarriesAnExpiringPerParticipantCredential() {
        IceServers servers = IceServers.of(List.of("stun:stun.example.net:3478",
                "turn:turn.example.net:3478?transport=udp", "turns:turn.example.net:5349?transport=tcp"),
                "north-wind-secret", "", "", Duration.ofSeconds(86_400), CLOCK);
        List<Map<String, Object>> list = servers.forParticipant("PA_test");
        assertEquals(2, list.size(), list.toString());
        assertEquals(Map.of("urls", List.of("stun:stun.example.net:3478")), list.get(0));
        Map<String, Object> turn = list.get(1);
        assertEquals(List.of("turn:turn.example.net:3478?transport=udp", "turns:turn.example.net:5349?transport=tcp"),
                turn.get("urls"));
        assertEquals("1790000000:PA_test", turn.get("username"), "expiry = now + ttl, then the participant id");
        assertEquals("WCnpWl8o02iV00lgjqXNGMjKQfo=", turn.get("credential"));
    }

    @Test
    void staticCredentialsArePassedAsConfigured() {
        IceServers servers = IceServers.of(List.of("turn:127.0.0.1:3478"), "", "sfu", "change-me",
                Duration.ofHours(1), CLOCK);
        assertEquals(List.of(Map.of("urls", List.of("turn:127.0.0.1:3478"), "username", "sfu",
                "credential", "change-me")), servers.forParticipant("PA_x"));
    }

    @Test
    void noneIsEmpty() {
        assertTrue(IceServers.none().isEmpty());
        assertEquals(List.of(), IceServers.none().forParticipant("PA_x"));
        assertTrue(IceServers.of(List.of(), "", "", "", Duration.ZERO, CLOCK).isEmpty());
    }

    @Test
    void badConfigurationIsRefusedWithAReason() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> IceServers.of(List.of("http://turn.example.net"), "s", "", "", Duration.ofHours(1), CLOCK));
        assertTrue(scheme.getMessage().contains("not a stun:, turn: or turns: URL"), scheme.getMessage());
        IllegalArgumentException noCredentials = assertThrows(IllegalArgumentException.class,
                () -> IceServers.of(List.of("turn:turn.example.net"), "", "", "", Duration.ofHours(1), CLOCK));
        assertTrue(noCredentials.getMessage().contains("need credentials"), noCredentials.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> IceServers.of(List.of("turn:turn.example.net"), "s", "", "", Duration.ZERO, CLOCK));
    }
}
