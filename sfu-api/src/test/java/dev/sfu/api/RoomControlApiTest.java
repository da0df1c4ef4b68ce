package dev.sfu.api;

import static dev.sfu.api.ApiAssertions.assertError;
import static dev.sfu.api.ApiAssertions.assertStatus;
import static dev.sfu.api.ApiAssertions.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.api.rest.ControlPlane;
import dev.sfu.core.model.MediaConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST route of room control (docs/api.md) over real HTTP against a started server in production mode:
 * success, bad key, bad body, unknown room or participant, limits.
 */
class RoomControlApiTest extends OneServerPerClass {
    private static final String ROOMS = ControlPlane.BASE + "/rooms";

    /** Production mode, with room limits small enough to reach (100 rooms, 5 participants each). */
    @BeforeAll
    static void startServer() throws Exception {
        server = TestSfuServer.start(TestSfuServer.loopbackMedia().withLimits(100, 5), TestSfuServer.productionApi());
    }

    private static WsClient joinWithToken(String room, String name) throws Exception {
        WsClient socket = server.connect();
        socket.join(room, name, server.token(room, name.toLowerCase(), null));
        return socket;
    }

    // ---- rooms ----

    @Test
    void createsARoomWithItsSettingsAndRefusesADuplicate() throws Exception {
        String name = TestSfuServer.uniqueRoom("create");
        HttpResponse<String> created = server.call("POST", ROOMS, "{\"name\":\"" + name + "\",\"maxParticipants\":3,"
                + "\"emptyTimeoutSeconds\":120,\"metadata\":\"{\\\"topic\\\":\\\"standup\\\"}\"}");

        JsonNode room = assertStatus(created, 201);
        assertEquals(ROOMS + "/" + name, created.headers().firstValue("Location").orElse(""));
        assertEquals(name, room.path("name").asText());
        assertEquals(3, room.path("maxParticipants").asInt());
        assertEquals(120, room.path("emptyTimeoutSeconds").asInt());
        assertEquals("{\"topic\":\"standup\"}", room.path("metadata").asText());
        assertEquals(0, room.path("participants").size());

        JsonNode listed = find(server.body(server.get(ROOMS)).path("rooms"), name);
        assertEquals(0, listed.path("participantCount").asInt());
        assertEquals(3, listed.path("maxParticipants").asInt());
        assertEquals(name, server.room(name).path("name").asText());

        assertError(server.call("POST", ROOMS, "{\"name\":\"" + name + "\"}"), 409, "room_exists");
    }

    @Test
    void aRoomCreatedOverRestCanBeJoinedUpToItsLimit() throws Exception {
        String name = TestSfuServer.uniqueRoom("limit");
        assertStatus(server.call("POST", ROOMS, "{\"name\":\"" + name + "\",\"maxParticipants\":1,"
                + "\"emptyTimeoutSeconds\":60}"), 201);
        joinWithToken(name, "Ann");

        WsClient bob = server.connect();
        bob.send(bob.joinMessage(name, "Bob").put("token", server.token(name, "bob", null)));
        bob.nextError("room_full");
        assertEquals(1, server.room(name).path("participants").size());
    }

    static Stream<Arguments> badRoomBodies() {
        return Stream.of(
                Arguments.of("unknown field", "{\"name\":\"r1\",\"colour\":\"red\"}", 400, "unknown_field"),
                Arguments.of("number as string", "{\"name\":\"r1\",\"maxParticipants\":\"3\"}", 400, "invalid_field"),
                Arguments.of("fraction", "{\"name\":\"r1\",\"maxParticipants\":2.5}", 400, "invalid_field"),
                Arguments.of("above the server limit", "{\"name\":\"r1\",\"maxParticipants\":6}", 400,
                        "invalid_field"),
                Arguments.of("negative timeout", "{\"name\":\"r1\",\"emptyTimeoutSeconds\":-1}", 400, "invalid_field"),
                Arguments.of("name as number", "{\"name\":42}", 400, "invalid_field"),
                Arguments.of("bad name", "{\"name\":\"a b\"}", 400, "invalid_field"),
                Arguments.of("no name", "{\"maxParticipants\":2}", 400, "missing_field"),
                Arguments.of("not JSON", "{name:", 400, "invalid_json"),
                Arguments.of("an array", "[]", 400, "invalid_json"),
                Arguments.of("metadata too long", "{\"name\":\"r1\",\"metadata\":\"" + "x".repeat(4097) + "\"}", 400,
                        "invalid_field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRoomBodies")
    void badRoomBodiesAreRefusedAndCreateNothing(String what, String body, int status, String code) throws Exception {
        assertError(server.call("POST", ROOMS, body), status, code);
        assertError(server.get(ROOMS + "/r1"), 404, "room_not_found");
    }

    @Test
    void aBodyThatIsNotJsonTypedIsUnsupported() throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(ROOMS))
                .header("Authorization", "Bearer " + TestSfuServer.API_KEY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"plain\"}")));

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() throws Exception {
        String body = "{\"name\":\"big\",\"metadata\":\"" + "x".repeat(70 * 1024) + "\"}";

        assertError(server.call("POST", ROOMS, body), 413, "payload_too_large");
        assertError(server.get(ROOMS + "/big"), 404, "room_not_found");
    }

    @Test
    void updatesARoomAndRefusesBadUpdates() throws Exception {
        String name = TestSfuServer.uniqueRoom("update");
        assertStatus(server.call("POST", ROOMS, "{\"name\":\"" + name + "\",\"emptyTimeoutSeconds\":60}"), 201);

        JsonNode updated = assertStatus(server.call("PATCH", ROOMS + "/" + name,
                "{\"maxParticipants\":2,\"metadata\":\"v2\"}"), 200);

        assertEquals(2, updated.path("maxParticipants").asInt());
        assertEquals("v2", updated.path("metadata").asText());
        assertEquals(60, updated.path("emptyTimeoutSeconds").asInt(), "untouched fields stay");
        assertError(server.call("PATCH", ROOMS + "/" + name, "{\"name\":\"other\"}"), 400, "unknown_field");
        assertError(server.call("PATCH", ROOMS + "/" + name, "{\"metadata\":7}"), 400, "invalid_field");
        assertError(server.call("PATCH", ROOMS + "/" + name, null), 400, "invalid_json");
        assertError(server.call("PATCH", ROOMS + "/nope", "{\"metadata\":\"x\"}"), 404, "room_not_found");
    }

    @Test
    void deletingARoomDisconnectsEveryoneWithAReason() throws Exception {
        String name = TestSfuServer.uniqueRoom("delete");
        WsClient ann = joinWithToken(name, "Ann");
        WsClient bob = joinWithToken(name, "Bob");
        ann.next("participantJoined");

        assertStatus(server.call("DELETE", ROOMS + "/" + name, null), 204);

        for (WsClient socket : List.of(ann, bob)) {
            JsonNode closed = socket.until("closed");
            assertEquals("room_deleted", closed.path("code").asText(), closed.toString());
            socket.awaitClosed();
        }
        assertError(server.get(ROOMS + "/" + name), 404, "room_not_found");
        assertError(server.call("DELETE", ROOMS + "/" + name, null), 404, "room_not_found");
    }

    @Test
    void aRoomWithAnEmptyTimeoutClosesWhenNobodyCame() throws Exception {
        String name = TestSfuServer.uniqueRoom("timeout");
        assertStatus(server.call("POST", ROOMS, "{\"name\":\"" + name + "\",\"emptyTimeoutSeconds\":1}"), 201);

        ApiAssertions.assertEventually(() -> server.get(ROOMS + "/" + name).statusCode() == 404,
                "the empty room closes after its 1 s timeout");
    }

    // ---- participants ----

    @Test
    void listsAndGetsParticipantsWithIdentityAndGrants() throws Exception {
        String name = TestSfuServer.uniqueRoom("people");
        WsClient ann = server.connect();
        String token = server.token(name, "user-ann", "{\"publish\":false,\"subscribe\":true}");
        String annId = ann.join(name, "Ann", token).path("participantId").asText();

        JsonNode list = assertStatus(server.get(ROOMS + "/" + name + "/participants"), 200);
        assertEquals(Set.of("participants"), fieldNames(list));
        assertEquals(1, list.path("participants").size());
        JsonNode one = assertStatus(server.get(ROOMS + "/" + name + "/participants/" + annId), 200);
        assertEquals(annId, one.path("id").asText());
        assertEquals("user-ann", one.path("identity").asText());
        assertFalse(one.path("permissions").path("publish").asBoolean(), one.toString());
        assertTrue(one.path("permissions").path("subscribe").asBoolean(), one.toString());

        assertError(server.get(ROOMS + "/" + name + "/participants/PA_nobody"), 404, "participant_not_found");
        assertError(server.get(ROOMS + "/nope/participants"), 404, "room_not_found");
        assertError(server.get(ROOMS + "/nope/participants/" + annId), 404, "room_not_found");
    }

    @Test
    void kickingAParticipantClosesItsSessionAndTellsTheOthers() throws Exception {
        String name = TestSfuServer.uniqueRoom("kick");
        TestSfuServer.AnnAndBob call = server.annAndBob(name, true);
        WsClient ann = call.ann();
        WsClient bob = call.bob();
        String bobId = call.bobId();

        assertStatus(server.call("DELETE", ROOMS + "/" + name + "/participants/" + bobId + "?reason=spam", null), 204);

        JsonNode closed = bob.next("closed");
        assertEquals("kicked", closed.path("code").asText());
        assertEquals("spam", closed.path("reason").asText());
        bob.awaitClosed();
        assertEquals(bobId, ann.next("participantLeft").path("participantId").asText());
        assertError(server.call("DELETE", ROOMS + "/" + name + "/participants/" + bobId, null), 404,
                "participant_not_found");
    }

    @Test
    void updatingParticipantMetadataTellsTheRoom() throws Exception {
        String name = TestSfuServer.uniqueRoom("meta");
        TestSfuServer.AnnAndBob call = server.annAndBob(name, true);
        WsClient ann = call.ann();
        String bobId = call.bobId();

        JsonNode updated = assertStatus(server.call("PATCH", ROOMS + "/" + name + "/participants/" + bobId,
                "{\"metadata\":\"hand raised\"}"), 200);

        assertEquals("hand raised", updated.path("metadata").asText());
        JsonNode event = ann.next("participantUpdated");
        assertEquals(bobId, event.path("participant").path("id").asText());
        assertEquals("hand raised", event.path("participant").path("metadata").asText());
        assertError(server.call("PATCH", ROOMS + "/" + name + "/participants/" + bobId, "{\"metadata\":true}"), 400,
                "invalid_field");
        assertError(server.call("PATCH", ROOMS + "/" + name + "/participants/" + bobId, "{}"), 400,
                "missing_field");
    }

    @Test
    void mutingATrackTellsSubscribersAndShowsInTheSnapshot() throws Exception {
        String name = TestSfuServer.uniqueRoom("mute");
        WsClient ann = server.connect();
        String annId = ann.join(name, "Ann", server.token(name, "ann", null)).path("participantId").asText();
        ann.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
        WsClient bob = joinWithToken(name, "Bob");
        String trackId = server.room(name).path("participants").get(0).path("tracks").get(0).path("id").asText();
        String track = ROOMS + "/" + name + "/participants/" + annId + "/tracks/" + trackId;

        JsonNode muted = assertStatus(server.call("PATCH", track, "{\"muted\":true}"), 200);

        assertTrue(muted.path("muted").asBoolean(), muted.toString());
        JsonNode event = bob.next("trackMuted");
        assertEquals(trackId, event.path("trackId").asText());
        assertTrue(event.path("muted").asBoolean());
        JsonNode unmuted = assertStatus(server.call("PATCH", track, "{\"muted\":false}"), 200);
        assertFalse(unmuted.path("muted").asBoolean());
        assertFalse(bob.next("trackMuted").path("muted").asBoolean());

        assertError(server.call("PATCH", track, "{\"muted\":\"yes\"}"), 400, "invalid_field");
        assertError(server.call("PATCH", track, "{}"), 400, "missing_field");
        assertError(server.call("PATCH", ROOMS + "/" + name + "/participants/" + annId + "/tracks/TR_none",
                "{\"muted\":true}"), 404, "track_not_found");
    }

    // ---- data ----

    @Test
    void dataIsAcceptedForARoomAndCountsTheParticipantsThatTookIt() throws Exception {
        String room = TestSfuServer.uniqueRoom("data");
        WsClient ann = server.connect();
        String annId = ann.join(room, "Ann", server.token(room, "ann", null)).path("participantId").asText();
        // Ann has offered nothing, so she has no data channel: accepted, handed to nobody.
        JsonNode sent = assertStatus(server.call("POST", ROOMS + "/" + room + "/data",
                "{\"data\":\"aGVsbG8=\",\"to\":[\"" + annId + "\"],\"topic\":\"notice\","
                        + "\"reliable\":false}"), 200);
        assertEquals(0, sent.path("recipients").asInt());
        ann.assertStillServing();
    }

    @Test
    void badDataRequestsAreRefusedWithTheFieldAtFault() throws Exception {
        String room = TestSfuServer.uniqueRoom("baddata");
        WsClient ann = joinWithToken(room, "Ann");
        String path = ROOMS + "/" + room + "/data";
        assertError(server.call("POST", ROOMS + "/no-such-room/data", "{\"data\":\"\"}"), 404, "room_not_found");
        assertError(server.call("POST", path, "{}"), 400, "missing_field");
        assertError(server.call("POST", path, "{\"data\":\"not base64!\"}"), 400, "invalid_field");
        assertError(server.call("POST", path, "{\"data\":\"\",\"topic\":\"" + "t".repeat(129) + "\"}"), 400,
                "invalid_field");
        assertError(server.call("POST", path, "{\"data\":\"\",\"to\":\"x\"}"), 400, "invalid_field");
        assertError(server.call("POST", path, "{\"data\":\"\",\"from\":\"x\"}"), 400, "unknown_field");
        ann.assertStillServing();
    }

    // ---- tokens ----

    @Test
    void issuesATokenThatVerifiesWithItsGrants() throws Exception {
        JsonNode reply = assertStatus(server.call("POST", ControlPlane.BASE + "/tokens",
                "{\"room\":\"tok\",\"identity\":\"u-1\",\"name\":\"Ann\",\"ttlSeconds\":60,"
                        + "\"grants\":{\"publish\":false,\"admin\":true}}"), 201);

        assertEquals(Set.of("token", "room", "identity", "grants", "expiresAtMillis"), fieldNames(reply));
        var claims = TestSfuServer.TOKENS.verify(reply.path("token").asText());
        assertEquals("tok", claims.room());
        assertEquals("u-1", claims.identity());
        assertEquals("Ann", claims.name());
        assertFalse(claims.grants().publish());
        assertTrue(claims.grants().subscribe(), "unnamed grants default to allowed, admin to denied");
        assertTrue(claims.grants().admin());
        long inAMinute = System.currentTimeMillis() + 60_000;
        assertTrue(Math.abs(claims.expiresAtMillis() - inAMinute) < 5_000, "expires in ttlSeconds");
    }

    static Stream<Arguments> badTokenBodies() {
        return Stream.of(
                Arguments.of("no identity", "{\"room\":\"r\"}", "missing_field"),
                Arguments.of("no room", "{\"identity\":\"u\"}", "missing_field"),
                Arguments.of("bad room", "{\"room\":\"r/1\",\"identity\":\"u\"}", "invalid_field"),
                Arguments.of("unknown grant", "{\"room\":\"r\",\"identity\":\"u\",\"grants\":{\"fly\":true}}",
                        "unknown_field"),
                Arguments.of("grant as string", "{\"room\":\"r\",\"identity\":\"u\",\"grants\":{\"publish\":\"no\"}}",
                        "invalid_field"),
                Arguments.of("ttl too long", "{\"room\":\"r\",\"identity\":\"u\",\"ttlSeconds\":99999999}",
                        "invalid_field"),
                Arguments.of("ttl zero", "{\"room\":\"r\",\"identity\":\"u\",\"ttlSeconds\":0}", "invalid_field"),
                Arguments.of("unknown field", "{\"room\":\"r\",\"identity\":\"u\",\"role\":\"x\"}", "unknown_field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokenBodies")
    void badTokenRequestsAreRefused(String what, String body, String code) throws Exception {
        assertError(server.call("POST", ControlPlane.BASE + "/tokens", body), 400, code);
    }

    // ---- every route: key, method ----

    static Stream<Arguments> protectedRoutes() {
        return ControlPlane.ROUTES.entrySet().stream()
                .filter(e -> !e.getKey().equals(ControlPlane.OPENAPI_PATH))
                .flatMap(e -> e.getValue().stream().map(m -> Arguments.of(m.name(), e.getKey()
                        .replace(":room", "some-room").replace(":participant", "PA_x").replace(":track", "TR_x"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedRoutes")
    void everyRouteRefusesAMissingOrWrongKey(String method, String path) throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", "Basic " + TestSfuServer.API_KEY}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type",
                            "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = server.send(request);
            assertError(response, 401, "unauthorized");
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
    }

    @Test
    void everyConfiguredKeyIsAccepted() throws Exception {
        assertEquals(200, server.get(ROOMS, "Bearer " + TestSfuServer.API_KEY).statusCode());
        assertEquals(200, server.get(ROOMS, "Bearer " + TestSfuServer.OTHER_API_KEY).statusCode());
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        for (Map.Entry<String, List<io.vertx.core.http.HttpMethod>> route : ControlPlane.ROUTES.entrySet()) {
            String path = route.getKey().replace(":room", "r").replace(":participant", "p").replace(":track", "t");
            for (String method : new String[] {"PUT", "DELETE", "POST"}) {
                if (route.getValue().stream().anyMatch(m -> m.name().equals(method))) {
                    continue;
                }
                HttpResponse<String> response = server.call(method, path, "{}");
                if (route.getKey().equals(ControlPlane.OPENAPI_PATH)) {
                    continue; // public document: not behind the key, any other method is simply 405 or 401
                }
                assertError(response, 405, "method_not_allowed");
                String allow = response.headers().firstValue("Allow").orElse("");
                for (var allowed : route.getValue()) {
                    assertTrue(allow.contains(allowed.name()), path + " Allow: " + allow);
                }
            }
        }
    }

    @Test
    void unknownPathsAreJson404() throws Exception {
        assertError(server.get(ControlPlane.BASE + "/nope"), 404, "not_found");
        assertError(server.get(ROOMS + "/a/b"), 404, "not_found");
    }

    @Test
    void serverStatusShowsCountsAndLimits() throws Exception {
        JsonNode status = assertStatus(server.get(ControlPlane.BASE + "/server"), 200);

        assertFalse(status.path("draining").asBoolean());
        assertEquals(100, status.path("maxRooms").asInt());
        assertEquals(5, status.path("maxParticipantsPerRoom").asInt());
        assertTrue(status.path("rooms").isInt());
    }

    @Test
    void tooManyRoomsIs429() throws Exception {
        try (TestSfuServer small = TestSfuServer.start(MediaConfig.defaults()
                .withBindAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).withLimits(1, 5),
                TestSfuServer.productionApi())) {
            assertStatus(small.call("POST", ROOMS, "{\"name\":\"one\",\"emptyTimeoutSeconds\":60}"), 201);

            assertError(small.call("POST", ROOMS, "{\"name\":\"two\"}"), 429, "too_many_rooms");
            WsClient late = small.connect();
            late.send(late.joinMessage("three", "Late").put("token", small.token("three", "late", null)));
            late.nextError("too_many_rooms");
        }
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
