package dev.sfu.api;

import static dev.sfu.api.ApiAssertions.byField;
import static dev.sfu.api.ApiAssertions.fieldNames;
import static dev.sfu.api.ApiAssertions.mediaSections;
import static dev.sfu.api.ApiAssertions.participant;
import static dev.sfu.api.ApiAssertions.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code trackUnsupported} over a real WebSocket (docs/protocol.md, "A codec the receiver lacks"): a Chromium
 * publisher sends H.264 only; a subscriber whose video m-line offers VP8 only gets the event, with exactly the
 * documented fields, before the answer, and the answer keeps that m-line inactive while the audio is sent.
 */
class TrackUnsupportedSignalingTest extends DevelopmentServerPerClass {
    private static final String H264_PUBLISHER = TestSfuServer.sdp("chrome-h264-simulcast-sendonly.sdp");
    private static final String VP8_ONLY_VIEWER = TestSfuServer.sdp("chrome-recvonly-vp8-only.sdp");
    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void aSubscriberWithoutThePublishersCodecIsToldBeforeTheAnswer() throws Exception {
        String room = TestSfuServer.uniqueRoom("codec");
        TestSfuServer.AnnPublishedToBob call = server.annPublishesToBob(room, H264_PUBLISHER);
        String annId = call.annId();
        WsClient bob = call.bob();
        String bobId = call.bobId();
        Map<String, JsonNode> tracks = call.tracks();
        String videoId = tracks.get("video").path("id").asText();

        ObjectNode subscriptions = server.json.createObjectNode()
                .put("0", tracks.get("audio").path("id").asText())
                .put("1", videoId);
        ObjectNode offer = bob.offerMessage(VP8_ONLY_VIEWER);
        offer.set("subscriptions", subscriptions);
        bob.send(offer);

        JsonNode unsupported = bob.next("trackUnsupported");
        assertEquals(Set.of("type", "trackId", "participantId", "kind", "mid", "codec", "offeredCodecs", "message"),
                fieldNames(unsupported), unsupported.toString());
        assertEquals(videoId, unsupported.path("trackId").asText());
        assertEquals(annId, unsupported.path("participantId").asText());
        assertEquals("video", unsupported.path("kind").asText());
        assertEquals("1", unsupported.path("mid").asText());
        assertEquals("H264", unsupported.path("codec").asText());
        assertEquals("[\"VP8\"]", unsupported.path("offeredCodecs").toString());
        assertTrue(unsupported.path("message").asText().contains("H264"), unsupported.toString());

        String answer = bob.next("answer").path("sdp").asText();
        List<List<String>> media = mediaSections(Arrays.asList(answer.split("\r\n")));
        assertEquals(List.of("0", "1"), media.stream().map(m -> value(m, "a=mid:")).toList());
        assertTrue(media.get(0).contains("a=sendonly"), "the audio is sent: " + media.get(0));
        assertTrue(media.get(1).contains("a=inactive"), "the video is not: " + media.get(1));
        assertTrue(!media.get(1).get(0).startsWith("m=video 0 "), "port kept: " + media.get(1));
        bob.assertNoMessageFor(QUIET);

        JsonNode bobView = participant(server.room(room), bobId);
        assertEquals(Set.of("0"), byField(bobView.path("subscriptions"), "mid").keySet(), bobView.toString());
    }
}
