package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.auth.JoinTokens;
import dev.sfu.core.model.ParticipantPermissions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The signaling join in production mode checks the token before anything else (signature, expiry, room) and the
 * media plane enforces its grants. Over a real WebSocket against a started server.
 */
class JoinTokenTest extends ProductionServerPerClass {
    /** Sends a join with this token and expects an error with {@code code}, then the socket closed (1008). */
    private static void assertRefused(String room, String token, String code) throws Exception {
        WsClient socket = server.connect();
        ObjectNode join = socket.joinMessage(room, "Mallory");
        if (token != null) {
            join.put("token", token);
        }
        socket.send(join);
        JsonNode error = socket.nextError(code);
        assertTrue(!error.path("message").asText().isBlank());
        assertEquals(1008, socket.awaitClosed(), "policy violation");
        assertEquals(404, server.get("/api/v1/rooms/" + room).statusCode(), "no room was created for " + code);
    }

    @Test
    void aJoinWithoutATokenIsRefused() throws Exception {
        assertRefused(TestSfuServer.uniqueRoom("no-token"), null, "token_required");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() throws Exception {
        String room = TestSfuServer.uniqueRoom("forged");
        JoinTokens forger = new JoinTokens("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());
        String forged = forger.issue(room, "mallory", "", "", ParticipantPermissions.all(), Duration.ofMinutes(5));

        assertRefused(room, forged, "invalid_token");
    }

    @Test
    void aTokenWithATamperedPayloadIsRefused() throws Exception {
        String room = TestSfuServer.uniqueRoom("tampered");
        String real = server.token("other-room", "mallory", null);
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("other-room", room);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRefused(room, tampered, "invalid_token");
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String room = TestSfuServer.uniqueRoom("alg-none");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String claims = b64.encodeToString(("{\"sub\":\"m\",\"aud\":\"sfu-join\",\"room\":\"" + room
                + "\",\"exp\":" + exp + ",\"grants\":{\"publish\":true,\"subscribe\":true}}")
                .getBytes(StandardCharsets.UTF_8));

        assertRefused(room, header + "." + claims + ".", "invalid_token");
        assertRefused(room, "not-a-jwt", "invalid_token");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String room = TestSfuServer.uniqueRoom("expired");
        JoinTokens past = new JoinTokens(TestSfuServer.TOKEN_SECRET,
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        String expired = past.issue(room, "late", "", "", ParticipantPermissions.all(), Duration.ofMinutes(5));

        assertRefused(room, expired, "token_expired");
    }

    @Test
    void aTokenForAnotherRoomIsRefused() throws Exception {
        String room = TestSfuServer.uniqueRoom("target");
        assertRefused(room, server.token(TestSfuServer.uniqueRoom("elsewhere"), "mallory", null), "wrong_room");
    }

    @Test
    void aValidTokenJoinsWithItsIdentityNameAndGrants() throws Exception {
        String room = TestSfuServer.uniqueRoom("valid");
        String token = TestSfuServer.TOKENS.issue(room, "user-42", "Ann From Token", "{\"seat\":3}",
                new ParticipantPermissions(true, false, false, false), Duration.ofMinutes(1));
        WsClient socket = server.connect();

        JsonNode joined = socket.join(room, "Typed Name", token);

        assertTrue(joined.path("permissions").path("publish").asBoolean(), joined.toString());
        assertEquals(false, joined.path("permissions").path("subscribe").asBoolean(), joined.toString());
        JsonNode me = server.room(room).path("participants").get(0);
        assertEquals("user-42", me.path("identity").asText());
        assertEquals("Ann From Token", me.path("name").asText(), "the token's name wins");
        assertEquals("{\"seat\":3}", me.path("metadata").asText());
    }

    @Test
    void aJoinWithoutANameTakesTheTokensName() throws Exception {
        String room = TestSfuServer.uniqueRoom("nameless");
        String token = TestSfuServer.TOKENS.issue(room, "user-7", "Name From Token", "",
                ParticipantPermissions.all(), Duration.ofMinutes(1));
        WsClient socket = server.connect();

        socket.send(socket.message("join").put("room", room).put("token", token));

        JsonNode joined = socket.next("joined");
        assertEquals(room, joined.path("room").asText());
        assertEquals("Name From Token", joined.path("name").asText(), "joined says the name it got");
        assertEquals("Name From Token", server.room(room).path("participants").get(0).path("name").asText());
    }

    @Test
    void aJoinWithoutANameNeedsATokenThatCarriesOne() throws Exception {
        String room = TestSfuServer.uniqueRoom("no-name-anywhere");
        String token = TestSfuServer.TOKENS.issue(room, "user-8", "", "", ParticipantPermissions.all(),
                Duration.ofMinutes(1));
        WsClient socket = server.connect();

        socket.send(socket.message("join").put("room", room).put("token", token).put("requestId", "j1"));

        JsonNode error = socket.nextError("bad_request");
        assertTrue(error.path("message").asText().contains("name"), error.toString());
        assertEquals("j1", error.path("requestId").asText(), error.toString());
        socket.assertStillServing();
    }

    @Test
    void aSubscribeOnlyParticipantCannotPublish() throws Exception {
        String room = TestSfuServer.uniqueRoom("viewer");
        WsClient viewer = server.connect();
        viewer.join(room, "Viewer", server.token(room, "viewer", "{\"publish\":false}"));

        viewer.send(viewer.offerMessage(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp")));

        viewer.nextError("permission_denied");
        JsonNode me = server.room(room).path("participants").get(0);
        assertEquals(0, me.path("tracks").size(), "nothing was published: " + me);
        viewer.assertStillServing();
    }

    @Test
    void aPublishOnlyParticipantCannotSubscribe() throws Exception {
        String room = TestSfuServer.uniqueRoom("publish-only");
        WsClient publisher = server.connect();
        publisher.join(room, "Pub", server.token(room, "pub", null));
        publisher.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
        String trackId = server.room(room).path("participants").get(0).path("tracks").get(0).path("id").asText();
        WsClient sender = server.connect();
        sender.join(room, "Sender", server.token(room, "sender", "{\"subscribe\":false}"));

        ObjectNode offer = sender.offerMessage(TestSfuServer.sdp("chrome-recvonly-recycled.sdp"));
        offer.set("subscriptions", server.json.createObjectNode().put("0", trackId));
        sender.send(offer);

        sender.nextError("permission_denied");
        for (JsonNode track : server.room(room).path("participants").get(0).path("tracks")) {
            assertEquals(0, track.path("subscribers").asInt(), track.toString());
        }
    }
}
