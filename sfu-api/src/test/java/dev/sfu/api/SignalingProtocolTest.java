package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.rest.RoomsApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The signaling protocol of docs/protocol.md, over real WebSockets against a started server. */
class SignalingProtocolTest {
    private static final String CHROME_SENDONLY = TestSfuServer.sdp("chrome-audio-video-sendonly.sdp");
    private static final String CHROME_RECVONLY = TestSfuServer.sdp("chrome-recvonly-recycled.sdp");
    private static final Duration QUIET = Duration.ofMillis(300);

    private static TestSfuServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestSfuServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    // ---- join and presence ----

    @Test
    void joinRepliesWithOwnIdAndTheParticipantsAlreadyThere() throws Exception {
        String room = TestSfuServer.uniqueRoom("join");
        WsClient ann = server.connect();
        JsonNode annJoined = ann.join(room, "Ann");
        String annId = annJoined.path("participantId").asText();
        assertTrue(annId.matches("PA_[0-9a-f]{12}"), "participantId: " + annJoined);
        assertEquals(0, annJoined.path("participants").size(), "first in the room sees nobody: " + annJoined);
        assertTrue(annJoined.path("participants").isArray());

        WsClient bob = server.connect();
        JsonNode bobJoined = bob.join(room, "Bob");
        String bobId = bobJoined.path("participantId").asText();
        assertNotEquals(annId, bobId);
        JsonNode others = bobJoined.path("participants");
        assertEquals(1, others.size(), "Bob sees Ann: " + bobJoined);
        assertEquals(Set.of("id", "name", "tracks"), fieldNames(others.get(0)), "public view only");
        assertEquals(annId, others.get(0).path("id").asText());
        assertEquals("Ann", others.get(0).path("name").asText());
        assertEquals(0, others.get(0).path("tracks").size());

        JsonNode joined = ann.next("participantJoined");
        assertEquals(Set.of("id", "name", "tracks"), fieldNames(joined.path("participant")));
        assertEquals(bobId, joined.path("participant").path("id").asText());
        assertEquals("Bob", joined.path("participant").path("name").asText());
        assertTrue(joined.path("participant").path("tracks").isArray());
        assertEquals(0, joined.path("participant").path("tracks").size());
        bob.assertNoMessageFor(QUIET);
    }

    @Test
    void closingTheSocketLeavesTheRoomAndTellsTheOthers() throws Exception {
        String room = TestSfuServer.uniqueRoom("close");
        WsClient ann = server.joined(room, "Ann");
        WsClient bob = server.connect();
        String bobId = bob.join(room, "Bob").path("participantId").asText();
        ann.next("participantJoined");

        bob.close();

        JsonNode left = ann.next("participantLeft");
        assertEquals(bobId, left.path("participantId").asText());
        JsonNode snapshot = server.room(room);
        assertEquals(1, snapshot.path("participants").size(), "only Ann is left: " + snapshot);
        assertEquals("Ann", snapshot.path("participants").get(0).path("name").asText());
        ann.assertStillServing();
    }

    @Test
    void leaveClosesTheSocketAndTellsTheOthers() throws Exception {
        String room = TestSfuServer.uniqueRoom("leave");
        WsClient ann = server.joined(room, "Ann");
        WsClient bob = server.connect();
        String bobId = bob.join(room, "Bob").path("participantId").asText();
        ann.next("participantJoined");

        bob.send(bob.message("leave"));

        bob.awaitClosed();
        assertEquals(bobId, ann.next("participantLeft").path("participantId").asText());
    }

    @Test
    void lastParticipantLeavingRemovesTheRoom() throws Exception {
        String room = TestSfuServer.uniqueRoom("empty");
        WsClient ann = server.joined(room, "Ann");
        assertEquals(1, server.room(room).path("participants").size());

        ann.close();

        assertEventually(() -> server.get(RoomsApi.BASE + "/rooms/" + room).statusCode() == 404,
                "room " + room + " is removed once empty");
    }

    @Test
    void pingGetsPongBeforeAndAfterJoin() throws Exception {
        WsClient client = server.connect();
        client.assertStillServing();
        client.join(TestSfuServer.uniqueRoom("ping"), "Ann");
        client.assertStillServing();
    }

    // ---- malformed messages ----

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("not JSON", "hello"),
                Arguments.of("truncated JSON", "{\"type\":\"ping\""),
                Arguments.of("empty text", ""),
                Arguments.of("JSON array", "[{\"type\":\"ping\"}]"),
                Arguments.of("JSON string", "\"ping\""),
                Arguments.of("JSON number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("object without type", "{\"room\":\"a\",\"name\":\"b\"}"),
                Arguments.of("numeric type", "{\"type\":7}"),
                Arguments.of("null type", "{\"type\":null}"),
                Arguments.of("object type", "{\"type\":{\"type\":\"ping\"}}"),
                Arguments.of("unknown type", "{\"type\":\"dance\"}"),
                Arguments.of("type in the wrong case", "{\"type\":\"PING\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessageGetsBadRequestAndTheSessionGoesOn(String name, String text) throws Exception {
        WsClient client = server.connect();
        client.sendText(text);
        client.nextError("bad_request");
        client.assertStillServing();
        client.join(TestSfuServer.uniqueRoom("malformed"), "Ann");
    }

    @Test
    void unknownTypeErrorNamesTheType() throws Exception {
        WsClient client = server.connect();
        client.send(client.message("dance"));
        assertTrue(client.nextError("bad_request").path("message").asText().contains("dance"));
    }

    @Test
    void binaryFrameGetsBadRequestAndTheSessionGoesOn() throws Exception {
        WsClient client = server.connect();
        client.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        client.nextError("bad_request");
        client.assertStillServing();
    }

    // ---- join validation ----

    static Stream<Arguments> badJoins() {
        String longest = "r".repeat(64);
        return Stream.of(
                Arguments.of("room missing", "{\"type\":\"join\",\"name\":\"Ann\"}"),
                Arguments.of("room empty", "{\"type\":\"join\",\"room\":\"\",\"name\":\"Ann\"}"),
                Arguments.of("room with a space", "{\"type\":\"join\",\"room\":\"a b\",\"name\":\"Ann\"}"),
                Arguments.of("room with a slash", "{\"type\":\"join\",\"room\":\"a/b\",\"name\":\"Ann\"}"),
                Arguments.of("room with a non-ASCII letter", "{\"type\":\"join\",\"room\":\"caf\u00e9\",\"name\":\"Ann\"}"),
                Arguments.of("room of 65 characters", "{\"type\":\"join\",\"room\":\"" + longest + "x\",\"name\":\"Ann\"}"),
                Arguments.of("room a number", "{\"type\":\"join\",\"room\":42,\"name\":\"Ann\"}"),
                Arguments.of("room null", "{\"type\":\"join\",\"room\":null,\"name\":\"Ann\"}"),
                Arguments.of("name missing", "{\"type\":\"join\",\"room\":\"ok\"}"),
                Arguments.of("name empty", "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"\"}"),
                Arguments.of("name only spaces", "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"   \"}"),
                Arguments.of("name of 65 characters",
                        "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"" + "n".repeat(65) + "\"}"),
                Arguments.of("name a number", "{\"type\":\"join\",\"room\":\"ok\",\"name\":42}"),
                Arguments.of("name an object", "{\"type\":\"join\",\"room\":\"ok\",\"name\":{\"first\":\"Ann\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJoins")
    void badJoinGetsBadRequestAndALaterValidJoinSucceeds(String name, String join) throws Exception {
        WsClient client = server.connect();
        client.sendText(join);
        client.nextError("bad_request");
        client.assertStillServing();
        assertEquals(404, server.get(RoomsApi.BASE + "/rooms/ok").statusCode(), "a refused join creates no room");
        String room = TestSfuServer.uniqueRoom("retry");
        JsonNode joined = client.join(room, "Ann");
        assertTrue(joined.path("participantId").asText().startsWith("PA_"));
    }

    @Test
    void joinAcceptsTheLongestRoomAndNameAndEveryAllowedCharacter() throws Exception {
        String room = ("Az09._-" + TestSfuServer.uniqueRoom("x") + "r".repeat(64)).substring(0, 64);
        String name = "N".repeat(63) + "\uD83D\uDE00"; // 64 characters, the last one outside the BMP
        WsClient client = server.connect();
        JsonNode joined = client.join(room, name);
        assertEquals(room, joined.path("room").asText());
        JsonNode snapshot = server.room(room);
        assertEquals(name, snapshot.path("participants").get(0).path("name").asText());
    }

    @Test
    void secondJoinIsRejectedAndTheFirstMembershipStays() throws Exception {
        String room = TestSfuServer.uniqueRoom("twice");
        WsClient client = server.connect();
        String id = client.join(room, "Ann").path("participantId").asText();

        client.send(client.joinMessage(TestSfuServer.uniqueRoom("other"), "Ann"));

        client.nextError("bad_request");
        client.assertStillServing();
        JsonNode participants = server.room(room).path("participants");
        assertEquals(1, participants.size());
        assertEquals(id, participants.get(0).path("id").asText());
    }

    @Test
    void joinWhileAJoinIsInFlightIsRejectedAndOnlyOneParticipantJoins() throws Exception {
        String room = TestSfuServer.uniqueRoom("race");
        WsClient client = server.connect();
        client.send(client.joinMessage(room, "Ann"));
        client.send(client.joinMessage(room, "Ann again"));

        List<JsonNode> replies = List.of(client.next(), client.next());

        assertEquals(Set.of("error", "joined"), textValues(replies, "type"), replies.toString());
        JsonNode error = replies.stream().filter(r -> r.path("type").asText().equals("error")).findFirst()
                .orElseThrow();
        assertEquals("bad_request", error.path("code").asText());
        JsonNode participants = server.room(room).path("participants");
        assertEquals(1, participants.size(), participants.toString());
        assertEquals("Ann", participants.get(0).path("name").asText());
    }

    @Test
    void socketClosedWhileJoiningLeavesNoParticipantBehind() throws Exception {
        String room = TestSfuServer.uniqueRoom("abandon");
        WsClient witness = server.joined(room, "Witness");
        WsClient client = server.connect();
        client.send(client.joinMessage(room, "Gone"));
        client.close(); // the close frame follows the join frame, typically while the join is in flight

        String goneId = witness.next("participantJoined").path("participant").path("id").asText();
        assertEquals(goneId, witness.next("participantLeft").path("participantId").asText());
        JsonNode participants = server.room(room).path("participants");
        assertEquals(Set.of("Witness"), textValues(participants, "name"));
        witness.assertStillServing();
    }

    @Test
    void plainHttpGetOfTheSignalingPathIsRefused() throws Exception {
        HttpResponse<String> response = server.get("/ws", null);
        assertEquals(400, response.statusCode(), response.body());
    }

    @Test
    void offerBeforeJoinIsNotJoined() throws Exception {
        WsClient client = server.connect();
        client.send(client.offerMessage(CHROME_SENDONLY));
        client.nextError("not_joined");
        client.assertStillServing();
    }

    @Test
    void candidateBeforeJoinIsNotJoinedAndAfterJoinIsIgnored() throws Exception {
        WsClient client = server.connect();
        ObjectNode candidate = client.message("candidate")
                .put("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host").put("sdpMid", "0");
        client.send(candidate);
        client.nextError("not_joined");

        client.join(TestSfuServer.uniqueRoom("candidate"), "Ann");
        client.send(candidate);
        client.assertStillServing();
    }

    // ---- offer validation ----

    static Stream<Arguments> nonStringSdps() {
        return Stream.of(
                Arguments.of("sdp missing", "{\"type\":\"offer\"}"),
                Arguments.of("sdp null", "{\"type\":\"offer\",\"sdp\":null}"),
                Arguments.of("sdp a number", "{\"type\":\"offer\",\"sdp\":42}"),
                Arguments.of("sdp an object", "{\"type\":\"offer\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}"),
                Arguments.of("sdp an array", "{\"type\":\"offer\",\"sdp\":[\"v=0\"]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonStringSdps")
    void offerWithoutAStringSdpGetsBadRequest(String name, String offer) throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("sdp"), "Ann");
        client.sendText(offer);
        client.nextError("bad_request");
        client.assertStillServing();
    }

    static Stream<Arguments> badSubscriptions() {
        StringBuilder tooMany = new StringBuilder("{");
        for (int i = 0; i < 257; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"").append(i).append("\":\"TR_x\"");
        }
        tooMany.append('}');
        return Stream.of(
                Arguments.of("an array", "[\"TR_a\"]"),
                Arguments.of("a string", "\"TR_a\""),
                Arguments.of("a number", "5"),
                Arguments.of("a numeric track id", "{\"0\":5}"),
                Arguments.of("a null track id", "{\"0\":null}"),
                Arguments.of("an object track id", "{\"0\":{\"id\":\"TR_a\"}}"),
                Arguments.of("257 entries", tooMany.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubscriptions")
    void offerWithBadSubscriptionsGetsBadRequestAndPublishesNothing(String name, String subscriptions)
            throws Exception {
        String room = TestSfuServer.uniqueRoom("subs");
        WsClient client = server.joined(room, "Ann");
        String offer = "{\"type\":\"offer\",\"sdp\":" + server.json.writeValueAsString(CHROME_SENDONLY)
                + ",\"subscriptions\":" + subscriptions + "}";
        client.sendText(offer);
        client.nextError("bad_request");
        client.assertStillServing();
        assertEquals(0, server.room(room).path("participants").get(0).path("tracks").size(),
                "a refused offer publishes nothing");
    }

    @Test
    void offerWithNullSubscriptionsIsAnOfferWithoutSubscriptions() throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("nullsubs"), "Ann");
        ObjectNode offer = client.offerMessage(CHROME_SENDONLY);
        offer.putNull("subscriptions");
        client.send(offer);
        assertTrue(client.next("answer").path("sdp").asText().startsWith("v=0"));
    }

    static Stream<Arguments> unacceptableSdps() {
        return Stream.of(
                Arguments.of("garbage", "this is not SDP"),
                Arguments.of("empty", ""),
                Arguments.of("no fingerprint", withoutLines(CHROME_SENDONLY, "a=fingerprint:")),
                Arguments.of("no BUNDLE", withoutLines(CHROME_SENDONLY, "a=group:BUNDLE")),
                Arguments.of("no rtcp-mux", withoutLines(CHROME_SENDONLY, "a=rtcp-mux")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unacceptableSdps")
    void unacceptableOfferGetsInvalidSdpAndChangesNothing(String name, String sdp) throws Exception {
        String room = TestSfuServer.uniqueRoom("invalid");
        WsClient client = server.joined(room, "Ann");
        client.send(client.offerMessage(sdp));
        client.nextError("invalid_sdp");
        client.assertStillServing();
        JsonNode ann = server.room(room).path("participants").get(0);
        assertEquals(0, ann.path("tracks").size(), "nothing published: " + ann);
        assertEquals("joined", ann.path("state").asText(), "not negotiated: " + ann);

        assertTrue(client.offer(CHROME_SENDONLY, null).contains("a=ice-lite"), "a valid offer still works");
    }

    @Test
    void unacceptableOfferAfterPublishingKeepsThePublishedTracks() throws Exception {
        String room = TestSfuServer.uniqueRoom("keep");
        WsClient client = server.joined(room, "Ann");
        client.offer(CHROME_SENDONLY, null);
        List<String> before = trackIds(server.room(room).path("participants").get(0));
        assertEquals(2, before.size());

        client.send(client.offerMessage(withoutLines(CHROME_SENDONLY, "a=fingerprint:")));

        client.nextError("invalid_sdp");
        assertEquals(before, trackIds(server.room(room).path("participants").get(0)));
    }

    // ---- message size ----

    @Test
    void messageJustUnderTheLimitIsReadAndAnswered() throws Exception {
        WsClient client = server.connect();
        String padding = "x".repeat(TestSfuServer.MAX_WEBSOCKET_MESSAGE - 1024);
        client.sendText("{\"type\":\"dance\",\"padding\":\"" + padding + "\"}");
        client.nextError("bad_request");
        client.assertStillServing();
    }

    @Test
    void oversizedMessageEndsThatSessionOnlyAndItsParticipantLeaves() throws Exception {
        String room = TestSfuServer.uniqueRoom("big");
        WsClient big = server.connect();
        String bigId = big.join(room, "Big").path("participantId").asText();
        WsClient other = server.connect();
        other.join(room, "Other");
        big.next("participantJoined");

        String padding = "x".repeat(TestSfuServer.MAX_WEBSOCKET_MESSAGE + 1024);
        try {
            big.sendText("{\"type\":\"ping\",\"padding\":\"" + padding + "\"}");
        } catch (Exception e) {
            // The server may close before the whole frame is written; what matters is how it reacts.
        }

        // The server refuses it with an error and ends that session with 1009 "message too big" (RFC 6455 7.4.1).
        big.nextError("bad_request");
        assertEquals(1009, big.awaitClosed(), "close code");
        assertEquals(bigId, other.next("participantLeft").path("participantId").asText(),
                "the closed session left the room");
        other.assertStillServing();
        assertEquals(1, server.room(room).path("participants").size());
        WsClient late = server.connect();
        assertEquals(1, late.join(room, "Late").path("participants").size());
    }

    // ---- limits ----

    @Test
    void joinsBeyondTheLimitsGetRoomFullAndTooManyRooms() throws Exception {
        try (TestSfuServer limited = TestSfuServer.start(TestSfuServer.loopbackMedia().withLimits(2, 2))) {
            limited.joined("full", "Ann");
            limited.joined("full", "Bob");
            WsClient carol = limited.connect();

            carol.send(carol.joinMessage("full", "Carol"));

            carol.nextError("room_full");
            carol.assertStillServing();
            assertEquals(2, limited.room("full").path("participants").size());
            carol.join("second", "Carol");

            WsClient dave = limited.connect();
            dave.send(dave.joinMessage("third", "Dave"));
            dave.nextError("too_many_rooms");
            assertEquals(404, limited.get(RoomsApi.BASE + "/rooms/third").statusCode());
            JsonNode rooms = limited.body(limited.get(RoomsApi.BASE + "/rooms")).path("rooms");
            assertEquals(Set.of("full", "second"), textValues(rooms, "name"));
            dave.join("second", "Dave");
        }
    }

    // ---- a real offer ----

    @Test
    void chromiumOfferGetsAnIceLitePassiveAnswerWithTheServerCandidate() throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("answer"), "Ann");

        String answer = client.offer(CHROME_SENDONLY, null);

        List<String> lines = Arrays.asList(answer.split("\r\n"));
        assertTrue(answer.startsWith("v=0\r\n"), answer);
        assertTrue(answer.endsWith("\r\n"), "SDP lines end with CRLF");
        assertTrue(lines.contains("a=ice-lite"), answer);
        assertTrue(lines.contains("a=group:BUNDLE 0 1"), answer);
        List<List<String>> media = mediaSections(lines);
        assertEquals(2, media.size(), answer);
        assertEquals(List.of("0", "1"), media.stream().map(m -> value(m, "a=mid:")).toList());
        assertTrue(media.get(0).get(0).startsWith("m=audio "), answer);
        assertTrue(media.get(1).get(0).startsWith("m=video "), answer);
        String candidate = "a=candidate:1 1 udp 2130706431 127.0.0.1 " + server.mediaPort() + " typ host";
        String fingerprint = server.engine().certificateFingerprint();
        for (List<String> m : media) {
            assertFalse(m.get(0).startsWith("m=audio 0 ") || m.get(0).startsWith("m=video 0 "), "accepted: " + m);
            assertTrue(m.contains("a=setup:passive"), "DTLS server: " + m);
            assertTrue(m.contains("a=recvonly"), "answers a sendonly m-line with recvonly: " + m);
            assertTrue(m.contains("a=rtcp-mux"), m.toString());
            assertTrue(m.contains(candidate), "server candidate " + candidate + " in " + m);
            assertTrue(m.contains("a=end-of-candidates"), m.toString());
            assertTrue(value(m, "a=fingerprint:").endsWith(fingerprint), m.toString());
            assertFalse(value(m, "a=ice-ufrag:").isEmpty());
            assertTrue(value(m, "a=ice-pwd:").length() >= 22, "RFC 8839 ice-pwd of at least 22 characters");
        }
        assertTrue(media.get(0).stream().anyMatch(l -> l.matches("a=rtpmap:111 opus/48000/2")), "Opus: " + media);
        assertTrue(media.get(1).stream().anyMatch(l -> l.matches("a=rtpmap:96 VP8/90000")), "VP8: " + media);
    }

    @Test
    void publishedTracksAreAnnouncedToTheOthersAndShownByRest() throws Exception {
        String room = TestSfuServer.uniqueRoom("publish");
        WsClient ann = server.connect();
        String annId = ann.join(room, "Ann").path("participantId").asText();
        WsClient bob = server.joined(room, "Bob");
        ann.next("participantJoined");

        ann.offer(CHROME_SENDONLY, null);

        List<JsonNode> published = List.of(bob.next("trackPublished").path("track"),
                bob.next("trackPublished").path("track"));
        for (JsonNode track : published) {
            assertEquals(Set.of("id", "participantId", "kind"), fieldNames(track), "public view only: " + track);
            assertEquals(annId, track.path("participantId").asText());
            assertTrue(track.path("id").asText().matches("TR_[0-9a-f]{12}"), track.toString());
        }
        assertEquals(List.of("audio", "video"), published.stream().map(t -> t.path("kind").asText()).sorted()
                .toList());
        ann.assertNoMessageFor(QUIET);

        JsonNode snapshot = server.room(room);
        JsonNode annView = participant(snapshot, annId);
        assertEquals("connecting", annView.path("state").asText(), "negotiated, no ICE yet: " + annView);
        Map<String, JsonNode> tracks = byField(annView.path("tracks"), "kind");
        assertEquals(Set.of("audio", "video"), tracks.keySet());
        assertEquals("0", tracks.get("audio").path("mid").asText());
        assertEquals("opus", tracks.get("audio").path("codec").asText().toLowerCase());
        assertEquals(2825390221L, tracks.get("audio").path("ssrc").asLong(), "SSRC from the offer's a=ssrc");
        assertEquals("1", tracks.get("video").path("mid").asText());
        assertEquals("vp8", tracks.get("video").path("codec").asText().toLowerCase());
        assertEquals(1367423931L, tracks.get("video").path("ssrc").asLong(), "primary SSRC of the FID group");
        assertEquals(textValues(published, "id"), textValues(annView.path("tracks"), "id"));

        WsClient carol = server.connect();
        JsonNode carolJoined = carol.join(room, "Carol");
        JsonNode annSeenByCarol = participant(carolJoined, annId);
        assertEquals(textValues(published, "id"), textValues(annSeenByCarol.path("tracks"), "id"),
                "a late joiner learns the tracks from joined: " + carolJoined);
    }

    @Test
    void subscriberOfferGetsTheTracksWithThePublishersMsid() throws Exception {
        String room = TestSfuServer.uniqueRoom("subscribe");
        WsClient ann = server.connect();
        String annId = ann.join(room, "Ann").path("participantId").asText();
        WsClient bob = server.connect();
        String bobId = bob.join(room, "Bob").path("participantId").asText();
        ann.next("participantJoined");
        ann.offer(CHROME_SENDONLY, null);
        Map<String, JsonNode> tracks = byField(List.of(bob.next("trackPublished").path("track"),
                bob.next("trackPublished").path("track")), "kind");

        ObjectNode subscriptions = server.json.createObjectNode()
                .put("0", tracks.get("audio").path("id").asText())
                .put("1", tracks.get("video").path("id").asText());
        String answer = bob.offer(CHROME_RECVONLY, subscriptions);

        List<List<String>> media = mediaSections(Arrays.asList(answer.split("\r\n")));
        assertEquals(List.of("0", "1", "2", "3", "4"), media.stream().map(m -> value(m, "a=mid:")).toList());
        for (int i = 0; i < 2; i++) {
            String trackId = subscriptions.get(String.valueOf(i)).asText();
            assertTrue(media.get(i).contains("a=msid:" + annId + " " + trackId), "msid in " + media.get(i));
            assertTrue(media.get(i).contains("a=sendonly"), "the server sends on it: " + media.get(i));
            assertTrue(media.get(i).stream().anyMatch(l -> l.matches("a=ssrc:\\d+ cname:.+")), media.get(i).toString());
        }
        for (int i = 2; i < 5; i++) {
            assertTrue(media.get(i).get(0).matches("m=\\S+ 0 .*"), "rejected: " + media.get(i));
        }

        JsonNode snapshot = server.room(room);
        JsonNode bobView = participant(snapshot, bobId);
        Map<String, JsonNode> subs = byField(bobView.path("subscriptions"), "mid");
        assertEquals(Set.of("0", "1"), subs.keySet(), bobView.toString());
        assertEquals(subscriptions.get("0").asText(), subs.get("0").path("trackId").asText());
        assertEquals(annId, subs.get("0").path("publisherId").asText());
        assertEquals("video", subs.get("1").path("kind").asText());
        for (JsonNode track : participant(snapshot, annId).path("tracks")) {
            assertEquals(1, track.path("subscribers").asInt(), track.toString());
        }
    }

    @Test
    void publisherLeavingUnpublishesItsTracksThenLeaves() throws Exception {
        String room = TestSfuServer.uniqueRoom("unpublish");
        WsClient ann = server.connect();
        String annId = ann.join(room, "Ann").path("participantId").asText();
        WsClient bob = server.joined(room, "Bob");
        ann.next("participantJoined");
        ann.offer(CHROME_SENDONLY, null);
        Set<String> published = textValues(List.of(bob.next("trackPublished").path("track"),
                bob.next("trackPublished").path("track")), "id");

        ann.close();

        List<JsonNode> unpublished = List.of(bob.next("trackUnpublished"), bob.next("trackUnpublished"));
        assertEquals(published, textValues(unpublished, "trackId"));
        for (JsonNode event : unpublished) {
            assertEquals(annId, event.path("participantId").asText());
        }
        assertEquals(annId, bob.next("participantLeft").path("participantId").asText());
        assertEquals(0, server.room(room).path("participants").get(0).path("tracks").size());
    }

    // ---- helpers ----

    private static String withoutLines(String sdp, String prefix) {
        return Arrays.stream(sdp.split("\r?\n")).filter(l -> !l.startsWith(prefix))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    /** Lines of each m-section, the m= line first. */
    private static List<List<String>> mediaSections(List<String> lines) {
        List<List<String>> sections = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("m=")) {
                sections.add(new ArrayList<>());
            }
            if (!sections.isEmpty()) {
                sections.get(sections.size() - 1).add(line);
            }
        }
        return sections;
    }

    private static String value(List<String> section, String prefix) {
        return section.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + section));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<String> textValues(Iterable<JsonNode> nodes, String field) {
        Set<String> values = new TreeSet<>();
        for (JsonNode node : nodes) {
            values.add(node.path(field).asText());
        }
        return values;
    }

    private static List<String> trackIds(JsonNode participant) {
        List<String> ids = new ArrayList<>();
        participant.path("tracks").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private static Map<String, JsonNode> byField(Iterable<JsonNode> nodes, String field) {
        Map<String, JsonNode> result = new java.util.TreeMap<>();
        for (JsonNode node : nodes) {
            assertEquals(null, result.put(node.path(field).asText(), node), "duplicate " + field + " in " + nodes);
        }
        return result;
    }

    private static JsonNode participant(JsonNode roomOrJoined, String id) {
        for (Iterator<JsonNode> it = roomOrJoined.path("participants").elements(); it.hasNext(); ) {
            JsonNode participant = it.next();
            if (id.equals(participant.path("id").asText())) {
                return participant;
            }
        }
        throw new AssertionError("no participant " + id + " in " + roomOrJoined);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void assertEventually(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TestSfuServer.WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TestSfuServer.WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
