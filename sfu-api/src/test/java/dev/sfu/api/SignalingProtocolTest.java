package dev.sfu.api;

import static dev.sfu.api.ApiAssertions.assertEventually;
import static dev.sfu.api.ApiAssertions.byField;
import static dev.sfu.api.ApiAssertions.fieldNames;
import static dev.sfu.api.ApiAssertions.mediaSections;
import static dev.sfu.api.ApiAssertions.participant;
import static dev.sfu.api.ApiAssertions.textValues;
import static dev.sfu.api.ApiAssertions.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.rest.RoomsApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The signaling protocol of docs/protocol.md over real WebSockets against a started server: presence, joins,
 * offers and answers, room events, limits.
 */
class SignalingProtocolTest extends DevelopmentServerPerClass {
    private static final String CHROME_SENDONLY = TestSfuServer.sdp("chrome-audio-video-sendonly.sdp");
    private static final String CHROME_RECVONLY = TestSfuServer.sdp("chrome-recvonly-recycled.sdp");
    private static final Duration QUIET = Duration.ofMillis(300);

    // ---- join and presence ----

    @Test
    void joinRepliesWithOwnIdAndTheParticipantsAlreadyThere() throws Exception {
        String room = TestSfuServer.uniqueRoom("join");
        WsClient ann = server.connect();
        JsonNode annJoined = ann.join(room, "Ann");
        String annId = annJoined.path("participantId").asText();
        assertTrue(annId.matches("PA_[0-9a-f]{12}"), "participantId: " + annJoined);
        assertEquals("Ann", annJoined.path("name").asText(), "its own name: " + annJoined);
        assertEquals(0, annJoined.path("participants").size(), "first in the room sees nobody: " + annJoined);
        assertTrue(annJoined.path("participants").isArray());

        WsClient bob = server.connect();
        JsonNode bobJoined = bob.join(room, "Bob");
        String bobId = bobJoined.path("participantId").asText();
        assertNotEquals(annId, bobId);
        JsonNode others = bobJoined.path("participants");
        assertEquals(1, others.size(), "Bob sees Ann: " + bobJoined);
        assertEquals(Set.of("id", "name", "metadata", "tracks"), fieldNames(others.get(0)), "public view only");
        assertEquals(annId, others.get(0).path("id").asText());
        assertEquals("Ann", others.get(0).path("name").asText());
        assertEquals(0, others.get(0).path("tracks").size());

        JsonNode joined = ann.next("participantJoined");
        assertEquals(Set.of("id", "name", "metadata", "tracks"), fieldNames(joined.path("participant")));
        assertEquals(bobId, joined.path("participant").path("id").asText());
        assertEquals("Bob", joined.path("participant").path("name").asText());
        assertTrue(joined.path("participant").path("tracks").isArray());
        assertEquals(0, joined.path("participant").path("tracks").size());
        bob.assertNoMessageFor(QUIET);
    }

    @Test
    void closingTheSocketLeavesTheRoomAndTellsTheOthers() throws Exception {
        String room = TestSfuServer.uniqueRoom("close");
        TestSfuServer.AnnAndBob call = server.annAndBob(room, false);
        WsClient ann = call.ann();
        WsClient bob = call.bob();
        String bobId = call.bobId();

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
        TestSfuServer.AnnAndBob call = server.annAndBob(room, false);
        WsClient ann = call.ann();
        WsClient bob = call.bob();
        String bobId = call.bobId();

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
        String room = TestSfuServer.uniqueRoom("answer");
        WsClient client = server.joined(room, "Ann");

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
        String candidate = "a=candidate:1 1 udp 2130706431 127.0.0.1 " + server.mediaPort(room) + " typ host";
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
        TestSfuServer.AnnPublishedToBob call = server.annPublishesToBob(room, CHROME_SENDONLY);
        WsClient ann = call.ann();
        String annId = call.annId();

        List<JsonNode> published = List.copyOf(call.tracks().values());
        for (JsonNode track : published) {
            assertEquals(Set.of("id", "participantId", "kind", "muted"), fieldNames(track), "public view only: " + track);
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
        TestSfuServer.AnnPublishedToBob call = server.annPublishesToBob(room, CHROME_SENDONLY);
        String annId = call.annId();
        WsClient bob = call.bob();
        String bobId = call.bobId();
        Map<String, JsonNode> tracks = call.tracks();

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
            // Not subscribed: rejected if the offer stopped it, else kept idle (inactive) in the bundle; the data
            // channel line is accepted for the viewer's data channels, and carries no media.
            List<String> section = media.get(i);
            boolean dataChannels = section.get(0).startsWith("m=application ") && section.contains("a=sctp-port:5000");
            assertTrue(section.get(0).matches("m=\\S+ 0 .*") || dataChannels || section.contains("a=inactive"),
                    "silent: " + section);
            assertTrue(section.stream().noneMatch(l -> l.startsWith("a=ssrc:") || l.equals("a=sendonly")),
                    section.toString());
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
        TestSfuServer.AnnPublishedToBob call = server.annPublishesToBob(room, CHROME_SENDONLY);
        String annId = call.annId();
        WsClient bob = call.bob();
        Set<String> published = textValues(call.tracks().values(), "id");

        call.ann().close();

        List<JsonNode> unpublished = List.of(bob.next("trackUnpublished"), bob.next("trackUnpublished"));
        assertEquals(published, textValues(unpublished, "trackId"));
        for (JsonNode event : unpublished) {
            assertEquals(annId, event.path("participantId").asText());
        }
        assertEquals(annId, bob.next("participantLeft").path("participantId").asText());
        assertEquals(0, server.room(room).path("participants").get(0).path("tracks").size());
    }

}
