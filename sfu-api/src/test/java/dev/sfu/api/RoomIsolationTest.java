package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.rest.RoomsApi;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rooms never see each other: no presence, track or leave events cross, and tracks cannot be subscribed across. */
class RoomIsolationTest extends DevelopmentServerPerClass {
    @Test
    void participantNeverHearsEventsOfAnotherRoom() throws Exception {
        String red = TestSfuServer.uniqueRoom("red");
        String blue = TestSfuServer.uniqueRoom("blue");
        WsClient watcher = server.connect();
        JsonNode watcherJoined = watcher.join(red, "Watcher");
        assertEquals(0, watcherJoined.path("participants").size());

        // Everything that produces room events happens in blue; blueWitness proves each event was sent.
        WsClient blueWitness = server.joined(blue, "Witness");
        WsClient publisher = server.connect();
        String publisherId = publisher.join(blue, "Publisher").path("participantId").asText();
        assertEquals(publisherId, blueWitness.next("participantJoined").path("participant").path("id").asText());
        publisher.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
        blueWitness.next("trackPublished");
        blueWitness.next("trackPublished");
        publisher.close();
        blueWitness.next("trackUnpublished");
        blueWitness.next("trackUnpublished");
        assertEquals(publisherId, blueWitness.next("participantLeft").path("participantId").asText());

        // The watcher's next message is the reply to its own ping: nothing from blue was queued before it.
        watcher.assertStillServing();
        watcher.assertNoMessageFor(Duration.ofMillis(300));
        JsonNode redRoom = server.room(red);
        assertEquals(Set.of("Watcher"), ApiAssertions.textValues(redRoom.path("participants"), "name"));
    }

    @Test
    void joinedListsOnlyTheParticipantsOfTheSameRoom() throws Exception {
        String red = TestSfuServer.uniqueRoom("red");
        String blue = TestSfuServer.uniqueRoom("blue");
        WsClient blueOne = server.joined(blue, "Blue one");
        server.joined(blue, "Blue two");
        assertEquals("Blue two", blueOne.next("participantJoined").path("participant").path("name").asText());

        JsonNode redJoined = server.connect().join(red, "Red one");

        assertEquals(0, redJoined.path("participants").size(), "red is empty: " + redJoined);
        JsonNode rooms = server.body(server.get(RoomsApi.BASE + "/rooms")).path("rooms");
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        rooms.forEach(r -> counts.put(r.path("name").asText(), r.path("participantCount").asInt()));
        assertEquals(1, counts.get(red), rooms.toString());
        assertEquals(2, counts.get(blue), rooms.toString());
    }

    @Test
    void subscriptionToATrackOfAnotherRoomIsRejected() throws Exception {
        String red = TestSfuServer.uniqueRoom("red");
        String blue = TestSfuServer.uniqueRoom("blue");
        WsClient bluePublisher = server.connect();
        String bluePublisherId = bluePublisher.join(blue, "Blue").path("participantId").asText();
        bluePublisher.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
        List<String> blueTracks = server.room(blue).path("participants").get(0).path("tracks")
                .findValuesAsText("id");
        assertEquals(2, blueTracks.size());

        WsClient redViewer = server.connect();
        String redViewerId = redViewer.join(red, "Red").path("participantId").asText();
        ObjectNode subscriptions = server.json.createObjectNode().put("0", blueTracks.get(0))
                .put("1", blueTracks.get(1));
        String answer = redViewer.offer(TestSfuServer.sdp("chrome-recvonly-recycled.sdp"), subscriptions);

        // Every m-line carries nothing: rejected (port 0) or idle (a=inactive), never a sending one.
        for (String section : answer.split("\r\nm=")) {
            if (section.startsWith("v=")) {
                continue;
            }
            boolean rejected = section.split(" ")[1].equals("0");
            // The data channel line is accepted (no media on it): the viewer's data channels.
            boolean dataChannels = section.startsWith("application ") && section.contains("a=sctp-port:5000");
            assertTrue(rejected || dataChannels || section.contains("a=inactive"), "m-line sends nothing: " + section);
            assertFalse(section.contains("a=sendonly") || section.contains("a=ssrc:"), section);
        }
        assertEquals(-1, answer.indexOf(bluePublisherId), "no msid of the other room's publisher");
        JsonNode redView = server.room(red).path("participants").get(0);
        assertEquals(redViewerId, redView.path("id").asText());
        assertEquals(0, redView.path("subscriptions").size(), redView.toString());
        for (JsonNode track : server.room(blue).path("participants").get(0).path("tracks")) {
            assertEquals(0, track.path("subscribers").asInt(), track.toString());
        }
    }

    @Test
    void backendActionsInOneRoomReachNoOtherRoom() throws Exception {
        try (TestSfuServer production = TestSfuServer.start(TestSfuServer.loopbackMedia(),
                TestSfuServer.productionApi())) {
            String red = TestSfuServer.uniqueRoom("red");
            String blue = TestSfuServer.uniqueRoom("blue");
            WsClient watcher = production.connect();
            watcher.join(red, "Watcher", production.token(red, "watcher", null));
            // A red token never opens blue.
            WsClient intruder = production.connect();
            intruder.send(intruder.joinMessage(blue, "Intruder").put("token", production.token(red, "intruder", null)));
            intruder.nextError("wrong_room");

            WsClient publisher = production.connect();
            String publisherId = publisher.join(blue, "Publisher", production.token(blue, "publisher", null))
                    .path("participantId").asText();
            publisher.offer(TestSfuServer.sdp("chrome-audio-video-sendonly.sdp"), null);
            WsClient witness = production.connect();
            witness.join(blue, "Witness", production.token(blue, "witness", null));
            String trackId = production.room(blue).path("participants").get(0).path("tracks").get(0).path("id")
                    .asText();
            String base = RoomsApi.BASE + "/rooms/" + blue + "/participants/" + publisherId;
            assertEquals(200, production.call("PATCH", base + "/tracks/" + trackId, "{\"muted\":true}").statusCode());
            witness.next("trackMuted");
            assertEquals(200, production.call("PATCH", base, "{\"metadata\":\"m\"}").statusCode());
            witness.next("participantUpdated");
            assertEquals(204, production.call("DELETE", base, null).statusCode());
            witness.until("participantLeft");
            assertEquals(204, production.call("DELETE", RoomsApi.BASE + "/rooms/" + blue, null).statusCode());
            assertEquals("room_deleted", witness.until("closed").path("code").asText());

            // A red token cannot name a blue track either: rooms are looked up by the participant's own room.
            assertEquals(404, production.call("PATCH", RoomsApi.BASE + "/rooms/" + red + "/participants/"
                    + publisherId, "{\"metadata\":\"x\"}").statusCode());
            watcher.assertStillServing();
            watcher.assertNoMessageFor(Duration.ofMillis(300));
        }
    }
}
