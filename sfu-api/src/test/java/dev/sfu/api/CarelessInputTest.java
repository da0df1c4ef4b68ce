package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.api.auth.JoinTokens;
import dev.sfu.api.rest.RoomsApi;
import dev.sfu.core.model.ParticipantPermissions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input that is valid on the wire but not by the rules (issue 14, item 6): token claims checked like {@code join}
 * fields, control characters kept out of names (and so out of the logs), a single oversized frame closed as
 * documented, the Bearer scheme in any case. Production mode, real sockets on loopback.
 */
class CarelessInputTest extends ProductionServerPerClass {
    @Test
    void aValidlySignedTokenIsStillHeldToTheRulesOfJoinFields() throws Exception {
        String room = TestSfuServer.uniqueRoom("claims");
        ParticipantPermissions all = ParticipantPermissions.all();
        Duration ttl = Duration.ofMinutes(1);
        JoinTokens tomorrow = new JoinTokens(TestSfuServer.TOKEN_SECRET,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));
        List<String> tokens = List.of(
                TestSfuServer.TOKENS.issue(room, "user-1", "x".repeat(100_000), "", all, ttl),
                TestSfuServer.TOKENS.issue(room, "user-1", "Ann", "m".repeat(100_000), all, ttl),
                TestSfuServer.TOKENS.issue(room, "user\u0000\n1", "Ann", "", all, ttl),
                TestSfuServer.TOKENS.issue(room, "user-1", "Ann\nroom x: participant PA_forged joined", "", all, ttl),
                tomorrow.issue(room, "user-1", "Ann", "", all, Duration.ofDays(2)));
        int before = server.engine().participantCount();
        for (String token : tokens) {
            WsClient client = server.connect();
            client.send(client.joinMessage(room, "Ann").put("token", token));
            JsonNode error = client.nextError("invalid_token");
            assertEquals(1008, client.awaitClosed(), error.toString());
        }
        assertEquals(before, server.engine().participantCount(), "none admitted");
        WsClient fine = server.connect();
        fine.join(room, "Ann", TestSfuServer.TOKENS.issue(room, "user-1", "Ann", "{}", all, ttl));
    }

    @Test
    void namesWithControlCharactersAreRefusedInJoinAndInTokenRequests() throws Exception {
        WsClient client = server.connect();
        String room = TestSfuServer.uniqueRoom("names");
        client.send(client.joinMessage(room, "Ann\nroom x: participant PA_forged joined")
                .put("token", server.token(room, "user-2", null)));
        client.nextError("bad_request");
        client.send(client.joinMessage(room, "An\u0000n").put("token", server.token(room, "user-2", null)));
        client.nextError("bad_request");
        client.join(room, "Ann", server.token(room, "user-2", null));

        var response = server.call("POST", RoomsApi.BASE + "/tokens",
                "{\"room\":\"" + room + "\",\"identity\":\"u\",\"name\":\"Ann\\nforged\"}");
        ApiAssertions.assertError(response, 400, "invalid_field");
        var kick = server.call("DELETE", RoomsApi.BASE + "/rooms/" + room + "/participants/PA_x?reason=a%0Ab", null);
        ApiAssertions.assertError(kick, 400, "invalid_field");
    }

    @Test
    void oneFrameOverTheMessageLimitIsClosedWith1009() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(server.httpPort(), null)) {
            String big = "{\"type\":\"ping\",\"padding\":\"" + "x".repeat(TestSfuServer.MAX_WEBSOCKET_MESSAGE) + "\"}";
            try {
                socket.sendText(big);
            } catch (java.io.IOException e) {
                // the server may close before the whole frame is written
            }
            assertEquals("1009 message too big", socket.readUntilClose());
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        for (String scheme : List.of("Bearer", "bearer", "BEARER")) {
            var response = server.get(RoomsApi.BASE + "/rooms", scheme + " " + TestSfuServer.API_KEY);
            assertEquals(200, response.statusCode(), scheme + ": " + response.body());
        }
        assertEquals(401, server.get(RoomsApi.BASE + "/rooms", "Basic " + TestSfuServer.API_KEY).statusCode());
        assertTrue(server.get(RoomsApi.BASE + "/rooms", "Bearer").statusCode() == 401);
    }
}
