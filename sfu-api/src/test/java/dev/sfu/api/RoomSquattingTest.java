package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One token cannot fill a room (issue 14): a join with the identity of someone in the room replaces that session,
 * and a participant's offer may publish only so many tracks. Production mode, real sockets on loopback.
 */
class RoomSquattingTest {
    private static final String CHROME_SENDONLY = TestSfuServer.sdp("chrome-audio-video-sendonly.sdp");

    @Test
    void aSecondJoinWithTheSameIdentityReplacesTheFirstSoOneTokenHoldsOneSeat() throws Exception {
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(), TestSfuServer.productionApi())) {
            String room = TestSfuServer.uniqueRoom("squat");
            String token = server.token(room, "user-17", null);
            WsClient other = server.connect();
            other.join(room, "Bob", server.token(room, "user-18", null));

            List<WsClient> sessions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                WsClient session = server.connect();
                JsonNode joined = session.join(room, "Ann", token);
                assertEquals(1, joined.path("participants").size(), "only Bob is there besides: " + joined);
                if (!sessions.isEmpty()) {
                    WsClient replaced = sessions.get(sessions.size() - 1);
                    JsonNode closed = replaced.until("closed");
                    assertEquals("duplicate_identity", closed.path("code").asText(), closed.toString());
                    assertEquals(1000, replaced.awaitClosed());
                }
                sessions.add(session);
            }
            JsonNode snapshot = server.room(room);
            assertEquals(2, snapshot.path("participants").size(), snapshot.toString());
            assertEquals(2, server.engine().participantCount());
            sessions.get(sessions.size() - 1).assertStillServing();
        }
    }

    @Test
    void anOfferWithMoreTracksThanTheLimitIsRefusedAndChangesNothing() throws Exception {
        try (TestSfuServer server = TestSfuServer.start(
                TestSfuServer.loopbackMedia().withMaxTracksPerParticipant(1), TestSfuServer.developmentApi())) {
            String room = TestSfuServer.uniqueRoom("tracks");
            WsClient ann = server.joined(room, "Ann");
            ann.send(ann.offerMessage(CHROME_SENDONLY)); // audio and video: two tracks
            JsonNode error = ann.nextError("too_many_tracks");
            assertTrue(error.path("message").asText().contains("at most 1"), error.toString());
            assertEquals(0, server.room(room).path("participants").get(0).path("tracks").size());
            ann.assertStillServing();
        }
    }
}
