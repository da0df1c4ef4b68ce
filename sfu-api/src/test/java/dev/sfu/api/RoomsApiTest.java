package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.api.rest.RoomsApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rooms REST API (docs/api.md) over real HTTP against a started server. */
class RoomsApiTest extends DevelopmentServerPerClass {
    private static final String ROOMS = RoomsApi.BASE + "/rooms";

    @Test
    void listsRoomsWithNameCreationTimeAndParticipantCount() throws Exception {
        String small = TestSfuServer.uniqueRoom("list-small");
        String big = TestSfuServer.uniqueRoom("list-big");
        long before = System.currentTimeMillis();
        server.joined(small, "Ann");
        server.joined(big, "Bob");
        server.joined(big, "Carol");
        long after = System.currentTimeMillis();

        HttpResponse<String> response = server.get(ROOMS);

        assertJson(response, 200);
        JsonNode body = server.body(response);
        assertEquals(Set.of("rooms"), ApiAssertions.fieldNames(body));
        assertTrue(body.path("rooms").isArray());
        JsonNode smallRoom = find(body.path("rooms"), small);
        JsonNode bigRoom = find(body.path("rooms"), big);
        for (JsonNode room : new JsonNode[] {smallRoom, bigRoom}) {
            assertEquals(Set.of("name", "createdAtMillis", "participantCount", "maxParticipants",
                    "emptyTimeoutSeconds", "metadata", "mediaLoop", "udpPort"), ApiAssertions.fieldNames(room));
            assertTrue(room.path("mediaLoop").asInt() >= 0 && room.path("udpPort").asInt() > 0, room.toString());
            assertTrue(room.path("createdAtMillis").isIntegralNumber(), room.toString());
            long created = room.path("createdAtMillis").asLong();
            assertTrue(created >= before && created <= after, "created between join calls: " + room);
        }
        assertEquals(1, smallRoom.path("participantCount").asInt());
        assertEquals(2, bigRoom.path("participantCount").asInt());
    }

    @Test
    void roomSnapshotHasParticipantsAndTheirTracks() throws Exception {
        String room = TestSfuServer.uniqueRoom("snapshot");
        WsClient ann = server.connect();
        String annId = ann.join(room, "Ann").path("participantId").asText();
        String answer = ann.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
        WsClient bob = server.connect();
        String bobId = bob.join(room, "Bob").path("participantId").asText();

        HttpResponse<String> response = server.get(ROOMS + "/" + room);

        assertJson(response, 200);
        JsonNode body = server.body(response);
        assertEquals(Set.of("name", "createdAtMillis", "participants", "maxParticipants", "emptyTimeoutSeconds",
                "metadata", "mediaLoop", "udpPort"), ApiAssertions.fieldNames(body));
        assertEquals(room, body.path("name").asText());
        assertTrue(answer.contains(" " + body.path("udpPort").asInt() + " typ host"),
                "the room's udpPort is the port its answers name: " + body.path("udpPort") + "\n" + answer);
        assertTrue(body.path("createdAtMillis").asLong() > 0);
        JsonNode participants = body.path("participants");
        assertEquals(2, participants.size(), body.toString());
        assertEquals(Set.of(annId, bobId), ApiAssertions.textValues(participants, "id"));
        for (JsonNode participant : participants) {
            assertEquals(Set.of("id", "name", "state", "remoteAddress", "tracks", "subscriptions", "identity",
                    "metadata", "permissions", "bandwidthEstimateBps", "congested", "bandwidthEstimation"),
                    ApiAssertions.fieldNames(participant));
            assertTrue(participant.path("remoteAddress").isNull(), "no ICE yet: " + participant);
            assertTrue(participant.path("subscriptions").isArray());
        }
        JsonNode annView = participants.get(0).path("id").asText().equals(annId) ? participants.get(0)
                : participants.get(1);
        JsonNode bobView = annView == participants.get(0) ? participants.get(1) : participants.get(0);
        assertEquals("Ann", annView.path("name").asText());
        assertEquals("connecting", annView.path("state").asText());
        assertEquals("Bob", bobView.path("name").asText());
        assertEquals("joined", bobView.path("state").asText());
        assertEquals(0, bobView.path("tracks").size());
        assertEquals(2, annView.path("tracks").size());
        for (JsonNode track : annView.path("tracks")) {
            assertEquals(Set.of("id", "participantId", "kind", "mid", "codec", "ssrc", "packets", "bytes",
                    "subscribers", "muted", "layers"), ApiAssertions.fieldNames(track));
            assertEquals(1, track.path("layers").size(), "one encoding each: " + track);
            assertEquals(Set.of("index", "rid", "ssrc", "active", "bitrateBps", "width", "height", "packets", "bytes",
                    "keyframes", "keyframeRequests"), ApiAssertions.fieldNames(track.path("layers").get(0)));
            assertEquals(false, track.path("muted").asBoolean());
            assertEquals(annId, track.path("participantId").asText());
            assertEquals(0, track.path("packets").asLong(), "no media sent: " + track);
            assertEquals(0, track.path("bytes").asLong());
            assertEquals(0, track.path("subscribers").asInt());
        }
        assertEquals(Set.of("audio", "video"), ApiAssertions.textValues(annView.path("tracks"), "kind"));
    }

    @Test
    void unknownRoomIsNotFound() throws Exception {
        HttpResponse<String> response = server.get(ROOMS + "/no-such-room");

        assertJson(response, 404);
        JsonNode error = assertError(response, "room_not_found");
        assertTrue(error.path("message").asText().contains("no-such-room"), error.toString());
    }

    static Stream<Arguments> badAuthorizations() {
        return Stream.of(
                Arguments.of("no header", null),
                Arguments.of("wrong key", "Bearer not-the-key"),
                Arguments.of("key with a suffix", "Bearer " + TestSfuServer.API_KEY + "x"),
                Arguments.of("key prefix only", "Bearer " + TestSfuServer.API_KEY.substring(1)),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("Basic scheme", "Basic " + TestSfuServer.API_KEY),
                Arguments.of("no scheme", TestSfuServer.API_KEY),
                Arguments.of("Bearer without a space", "Bearer" + TestSfuServer.API_KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuthorizations")
    void requestsWithoutTheRightKeyAreUnauthorized(String name, String authorization) throws Exception {
        String room = TestSfuServer.uniqueRoom("secret");
        server.joined(room, "Ann");
        for (String path : new String[] {ROOMS, ROOMS + "/" + room, RoomsApi.BASE + "/nope"}) {
            HttpResponse<String> response = server.get(path, authorization);

            assertJson(response, 401);
            assertError(response, "unauthorized");
            assertTrue(!response.body().contains(room), "no room data leaks: " + response.body());
            assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse("").split(" ")[0],
                    "RFC 7235: a 401 names the scheme to use");
        }
    }

    @Test
    void unknownEndpointUnderTheApiIsJsonNotFound() throws Exception {
        for (String path : new String[] {RoomsApi.BASE + "/nope", RoomsApi.BASE + "/rooms/a/b"}) {
            HttpResponse<String> response = server.get(path);

            assertJson(response, 404);
            assertError(response, "not_found");
        }
    }

    @Test
    void unsupportedMethodOnRoomsIsAJsonError() throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(ROOMS))
                .header("Authorization", "Bearer " + TestSfuServer.API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));

        assertJson(response, 405);
        assertError(response, "method_not_allowed");
        assertEquals("GET, POST", response.headers().firstValue("Allow").orElse(""));
    }

    // ---- helpers ----

    private static void assertJson(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type: " + type);
    }

    private static JsonNode assertError(HttpResponse<String> response, String code) throws Exception {
        JsonNode body = server.body(response);
        assertEquals(Set.of("error"), ApiAssertions.fieldNames(body), body.toString());
        JsonNode error = body.path("error");
        assertEquals(Set.of("code", "message"), ApiAssertions.fieldNames(error));
        assertEquals(code, error.path("code").asText());
        assertTrue(!error.path("message").asText().isBlank(), body.toString());
        return error;
    }

    private static JsonNode find(JsonNode rooms, String name) {
        for (JsonNode room : rooms) {
            if (name.equals(room.path("name").asText())) {
                return room;
            }
        }
        throw new AssertionError("no room " + name + " in " + rooms);
    }
}
