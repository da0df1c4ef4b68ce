package dev.sfu.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.SubscriptionSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.model.UnsupportedTrack;
import dev.sfu.core.transport.AllowedNetworks;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose offer lacks the publisher's codec on the m-line that names the track: that m-line is answered
 * inactive (port kept), no subscription is made, and the receiver's observer hears which track, which codec and
 * what it offered; the rest of the offer (here the audio) goes on. Offers are real Chromium 156 SDP: an H264-only
 * simulcast publisher, and a viewer whose video transceiver was restricted to VP8 by setCodecPreferences.
 */
class UnsupportedCodecNegotiationTest {
    private static final String H264_PUBLISHER = "chrome-h264-simulcast-sendonly.sdp";
    private static final String VP8_PUBLISHER = "chrome-audio-video-sendonly.sdp";
    private static final String VP8_ONLY_VIEWER = "chrome-recvonly-vp8-only.sdp";
    private static final String FIREFOX_VIEWER = "firefox-153-recvonly-bundle-only.sdp";
    /** Offers both VP8 and H264 (packetization-mode 1) on its video m-line, mid 1. */
    private static final String ANY_VIEWER = "chrome-recvonly-recycled.sdp";

    private SfuEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = SfuEngine.start(MediaConfig.defaults().withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withAnnouncedAddress("127.0.0.1").withAllowedNetworks(AllowedNetworks.parse("127.0.0.0/8")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aViewerWithoutH264IsToldAndItsVideoLineStaysInactive() throws Exception {
        ToldUnsupported told = assertToldH264Unsupported("codecs", VP8_ONLY_VIEWER, List.of("VP8"));

        assertTrue(!section(told.answer(), "1").startsWith("m=video 0 "), "the m-line keeps its port (not rejected): "
                + section(told.answer(), "1"));
        ParticipantSnapshot seen = snapshot("codecs", told.viewerId());
        assertEquals(List.of("audio"), seen.subscriptions().stream().map(SubscriptionSnapshot::kind).toList(),
                "only the audio is subscribed");
    }

    /** Firefox ESR 153 without the OpenH264 plugin offers VP8, VP9 and AV1 on a bundle-only recvonly m-line. */
    @Test
    void firefoxWithoutOpenH264IsToldOnItsBundleOnlyVideoLine() throws Exception {
        assertToldH264Unsupported("firefox", FIREFOX_VIEWER, List.of("VP8", "VP9", "AV1"));
    }

    @Test
    void everyOfferThatStillNamesTheTrackSaysItAgain() throws Exception {
        Published publisher = publish("again", H264_PUBLISHER);
        RecordingObserver viewerEvents = new RecordingObserver();
        ParticipantHandle viewer = join("again", "viewer", viewerEvents);
        Map<String, String> subscriptions = Map.of("1", publisher.video().id());

        offer(viewer, VP8_ONLY_VIEWER, subscriptions);
        offer(viewer, VP8_ONLY_VIEWER, subscriptions);
        offer(viewer, VP8_ONLY_VIEWER, Map.of());

        assertEquals(2, viewerEvents.unsupported.size(), "one per offer naming it; none once it is not named");
    }

    @Test
    void aViewerThatOffersThePublishersCodecGetsItWithoutAnEvent() throws Exception {
        Published h264 = publish("fits", H264_PUBLISHER);
        RecordingObserver anyEvents = new RecordingObserver();
        ParticipantHandle any = join("fits", "any", anyEvents);
        String h264Answer = offer(any, ANY_VIEWER, Map.of("1", h264.video().id()));
        assertEquals("sendonly", direction(h264Answer, "1"), h264Answer);
        assertTrue(section(h264Answer, "1").contains("H264/90000"), section(h264Answer, "1"));

        Published vp8 = publish("fits", VP8_PUBLISHER);
        RecordingObserver vp8OnlyEvents = new RecordingObserver();
        ParticipantHandle vp8Only = join("fits", "vp8-only", vp8OnlyEvents);
        String vp8Answer = offer(vp8Only, VP8_ONLY_VIEWER, Map.of("1", vp8.video().id()));
        assertEquals("sendonly", direction(vp8Answer, "1"), vp8Answer);

        assertEquals(List.of(), anyEvents.unsupported);
        assertEquals(List.of(), vp8OnlyEvents.unsupported);
    }

    private record Published(String id, TrackSnapshot audio, TrackSnapshot video) {}

    private record ToldUnsupported(String viewerId, String answer) {}

    /**
     * An H.264 publisher in {@code room}; a viewer offering {@code viewerFixture} subscribes its audio (mid 0) and
     * video (mid 1): the audio is sent, the video m-line is inactive, and the viewer is told once, with the codecs
     * it offered.
     */
    private ToldUnsupported assertToldH264Unsupported(String room, String viewerFixture, List<String> offeredCodecs)
            throws Exception {
        Published publisher = publish(room, H264_PUBLISHER);
        RecordingObserver viewerEvents = new RecordingObserver();
        ParticipantHandle viewer = join(room, "viewer", viewerEvents);

        String answer = offer(viewer, viewerFixture, Map.of("0", publisher.audio().id(), "1", publisher.video().id()));

        assertEquals("sendonly", direction(answer, "0"), answer);
        assertEquals("inactive", direction(answer, "1"), answer);
        assertEquals(List.of(new UnsupportedTrack(publisher.video().id(), publisher.id(), "video", "1", "H264",
                offeredCodecs)), viewerEvents.unsupported);
        return new ToldUnsupported(viewer.id(), answer);
    }

    private Published publish(String room, String fixture) throws Exception {
        ParticipantHandle publisher = join(room, "publisher-" + fixture, new RecordingObserver());
        offer(publisher, fixture, Map.of());
        List<TrackSnapshot> tracks = snapshot(room, publisher.id()).tracks();
        TrackSnapshot audio = tracks.stream().filter(t -> t.kind().equals("audio")).findFirst().orElseThrow();
        TrackSnapshot video = tracks.stream().filter(t -> t.kind().equals("video")).findFirst().orElseThrow();
        return new Published(publisher.id(), audio, video);
    }

    private ParticipantHandle join(String room, String name, RecordingObserver observer) throws Exception {
        return engine.join(room, name, observer).get(5, TimeUnit.SECONDS).participant();
    }

    private static String offer(ParticipantHandle participant, String fixture, Map<String, String> subscriptions)
            throws Exception {
        return participant.offer(load(fixture), subscriptions).get(5, TimeUnit.SECONDS);
    }

    private ParticipantSnapshot snapshot(String room, String participantId) throws Exception {
        return engine.participant(room, participantId).get(5, TimeUnit.SECONDS);
    }

    /** The answer's section for one mid, from its m= line to the next. */
    private static String section(String sdp, String mid) {
        for (String section : sdp.split("\r\n(?=m=)")) {
            if (section.contains("\r\na=mid:" + mid + "\r\n")) {
                return section;
            }
        }
        throw new AssertionError("no mid " + mid + " in " + sdp);
    }

    private static String direction(String sdp, String mid) {
        for (String direction : List.of("sendonly", "recvonly", "sendrecv", "inactive")) {
            if (section(sdp, mid).contains("\r\na=" + direction + "\r\n")) {
                return direction;
            }
        }
        return "none";
    }

    private static String load(String name) throws IOException {
        try (InputStream in = UnsupportedCodecNegotiationTest.class.getResourceAsStream("/sdp/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }
}
