package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.sdp.MediaNegotiator.Policy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaNegotiatorTest {
    private static final Policy POLICY = Policy.defaults();

    @Test
    void defaultsMatchTheDocumentedPolicy() {
        assertEquals(List.of("opus"), POLICY.audioCodecs());
        assertEquals(List.of("VP8", "H264"), POLICY.videoCodecs());
        assertEquals(Set.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"), POLICY.rtcpFeedback());
        assertEquals(6, POLICY.receiveExtensions().size());
        assertEquals(java.util.Set.of(Extmap.ABS_SEND_TIME, Extmap.TRANSPORT_CC), POLICY.sendExtensions());
    }

    @Test
    void receivingPicksVp8OverH264AndKeepsItsRtx() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(1);
        AnsweredMedia a = MediaNegotiator.answerReceiving(video, POLICY);
        assertEquals("1", a.mid());
        assertEquals(Direction.RECVONLY, a.direction());
        assertEquals(List.of("96", "97"), a.formats());
        assertEquals(new Codec(96, "VP8", 90000, 1, null, List.of("goog-remb", "transport-cc", "ccm fir", "nack",
                "nack pli")), a.codecs().get(0));
        assertEquals(new Codec(97, "rtx", 90000, 1, "apt=96", List.of()), a.codecs().get(1));
        assertTrue(a.ssrcs().isEmpty());
        assertNull(a.msidTrack());
    }

    @Test
    void receivingFiltersExtmapsToThePolicyAndKeepsOfferedIds() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(1);
        AnsweredMedia a = MediaNegotiator.answerReceiving(video, POLICY);
        assertEquals(List.of(new Extmap(2, Extmap.ABS_SEND_TIME, Direction.SENDRECV),
                new Extmap(3, Extmap.TRANSPORT_CC, Direction.SENDRECV),
                new Extmap(4, Extmap.SDES_MID, Direction.SENDRECV),
                new Extmap(10, Extmap.RTP_STREAM_ID, Direction.SENDRECV),
                new Extmap(11, Extmap.REPAIRED_RTP_STREAM_ID, Direction.SENDRECV)), a.extensions());
    }

    @Test
    void receivingOpusKeepsTransportCcFeedback() throws SdpException {
        OfferedMedia audio = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(0);
        AnsweredMedia a = MediaNegotiator.answerReceiving(audio, POLICY);
        assertEquals(List.of(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc"))),
                a.codecs());
        assertEquals(4, a.extensions().size());
    }

    @Test
    void h264PrefersPacketizationMode1WithProfile42e01f() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(1);
        Policy h264Only = new Policy(List.of("opus"), List.of("H264"), POLICY.rtcpFeedback(),
                POLICY.receiveExtensions(), Set.of());
        AnsweredMedia a = MediaNegotiator.answerReceiving(video, h264Only);
        assertEquals(List.of("106", "107"), a.formats());
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", a.codecs().get(0).fmtp());
    }

    @Test
    void h264FallsBackToAnyPacketizationMode1() throws SdpException {
        String sdp = Fixtures.load(Fixtures.CHROME_AUDIO_VIDEO).replace("profile-level-id=42e01f", "profile-level-id=42c01f");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        Policy h264Only = new Policy(List.of("opus"), List.of("H264"), Set.of(), Set.of(), Set.of());
        assertEquals(List.of("102", "103"), MediaNegotiator.answerReceiving(video, h264Only).formats());
    }

    @Test
    void receivingWithoutCommonCodecNamesBothLists() throws SdpException {
        String sdp = Fixtures.load(Fixtures.CHROME_AUDIO_VIDEO).replace("VP8/90000", "H265/90000")
                .replace("H264/90000", "H265/90000");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        SdpException e = assertThrows(SdpException.class, () -> MediaNegotiator.answerReceiving(video, POLICY));
        assertEquals("m-line 2 (mid 1): no common video codec; offered H265, AV1, VP9, supported VP8, H264",
                e.getMessage());
    }

    @Test
    void receivingReversesSimulcast() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_SIMULCAST).media().get(1);
        AnsweredMedia a = MediaNegotiator.answerReceiving(video, POLICY);
        assertEquals(List.of(new Rid("q", Direction.RECVONLY, null), new Rid("h", Direction.RECVONLY, null),
                new Rid("f", Direction.RECVONLY, null)), a.rids());
        assertEquals(new Simulcast(List.of(), List.of("q", "h", "f")), a.simulcast());
    }

    @Test
    void receivingOnARecvonlyLineIsAnError() {
        OfferedMedia audio = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED).media().get(0);
        SdpException e = assertThrows(SdpException.class, () -> MediaNegotiator.answerReceiving(audio, POLICY));
        assertTrue(e.getMessage().startsWith("m-line 1 (mid 0): the client does not send on this m-line"));
    }

    @Test
    void sendingUsesThePublishersCodecWithTheReceiversPayloadTypes() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.FIREFOX_SENDRECV).media().get(1);
        List<OutgoingSsrc> ssrcs = List.of(new OutgoingSsrc(1111, "sfu", "media"), new OutgoingSsrc(2222, "sfu", "rtx"));
        AnsweredMedia a = MediaNegotiator.answerSending(video, POLICY, "vp8", ssrcs, "stream-a", "track-a");
        assertEquals(Direction.SENDONLY, a.direction());
        assertEquals(List.of("120", "124"), a.formats());
        assertEquals("max-fs=12288;max-fr=60", a.codecs().get(0).fmtp());
        assertEquals(List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"),
                a.codecs().get(0).rtcpFeedback());
        // Only the extensions the server writes are answered: abs-send-time and transport-wide-cc.
        assertTrue(a.extensions().stream().allMatch(e -> e.uri().equals(Extmap.ABS_SEND_TIME)
                || e.uri().equals(Extmap.TRANSPORT_CC)), a.extensions().toString());
        assertEquals(ssrcs, a.ssrcs());
        assertEquals("stream-a", a.msidStream());
        assertEquals("track-a", a.msidTrack());
    }

    @Test
    void sendingFiltersExtmapsBySendExtensions() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED).media().get(1);
        Policy p = new Policy(List.of("opus"), List.of("VP8"), Set.of("nack"), Set.of(), Set.of(Extmap.SDES_MID));
        AnsweredMedia a = MediaNegotiator.answerSending(video, p, "H264", List.of(), "s", "t");
        assertEquals(List.of(new Extmap(4, Extmap.SDES_MID, Direction.SENDRECV)), a.extensions());
        assertEquals(List.of("106", "107"), a.formats());
        assertEquals(List.of("nack"), a.codecs().get(0).rtcpFeedback());
    }

    @Test
    void sendingFailsWhenTheReceiverDidNotOfferThePublishersCodec() {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED).media().get(3);
        SdpException e = assertThrows(SdpException.class, () -> MediaNegotiator.answerSending(video, POLICY, "H264",
                List.of(new OutgoingSsrc(1, "c", "media")), "s", "t"));
        assertEquals("m-line 4 (mid 3): the receiver did not offer H264, the codec the publisher sends; offered VP8",
                e.getMessage());
    }

    /** Which receivers can take which publisher's codec: the check that decides between sending and idle. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // offer fixture,                 m-line, publisher's codec, can receive
        "chrome-recvonly-vp8-only.sdp,     1,      H264,              false",
        "chrome-recvonly-vp8-only.sdp,     1,      VP8,               true",
        "chrome-recvonly-vp8-only.sdp,     0,      opus,              true",
        "chrome-recvonly-recycled.sdp,     1,      H264,              true",
        "chrome-recvonly-recycled.sdp,     3,      H264,              false",
        "chrome-recvonly-recycled.sdp,     1,      vp8,               true",
        "chrome-h264-simulcast-sendonly.sdp, 1,    VP8,               false",
    })
    void canReceiveOnlyACodecTheReceiverOffered(String fixture, int line, String codec, boolean expected) {
        OfferedMedia media = Fixtures.offer(fixture).media().get(line);
        assertEquals(expected, MediaNegotiator.canReceive(media, codec));
    }

    @Test
    void h264InPacketizationMode0OnlyCannotBeReceived() throws SdpException {
        String sdp = Fixtures.load(Fixtures.CHROME_RECVONLY_RECYCLED).replace("packetization-mode=1", "packetization-mode=0");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        assertEquals(false, MediaNegotiator.canReceive(video, "H264"));
        // Not listed as offered either: the receiver would otherwise read "offered H264" next to "sent as H264".
        assertEquals(List.of("VP8"), MediaNegotiator.offeredCodecs(video));
    }

    @Test
    void offeredCodecsNamesMediaCodecsOnceWithoutRepairFormats() {
        Offer viewer = Fixtures.offer(Fixtures.CHROME_RECVONLY_VP8_ONLY);
        assertEquals(List.of("VP8"), MediaNegotiator.offeredCodecs(viewer.media().get(1)));
        assertEquals(List.of("opus", "G722", "PCMU", "PCMA", "CN", "telephone-event"),
                MediaNegotiator.offeredCodecs(viewer.media().get(0)));
        assertEquals(List.of("VP8", "H264"),
                MediaNegotiator.offeredCodecs(Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED).media().get(1)));
    }

    @Test
    void aReceiverWithoutThePublishersCodecGetsAnInactiveLineWithItsOwnCodec() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_RECVONLY_VP8_ONLY).media().get(1);
        AnsweredMedia a = MediaNegotiator.idle(video, POLICY);
        assertEquals(Direction.INACTIVE, a.direction());
        assertEquals(false, a.rejected());
        assertEquals(List.of("96"), a.formats());
        assertEquals("VP8", a.codecs().get(0).name());
        assertTrue(a.ssrcs().isEmpty());
    }

    @Test
    void receivingTheH264SimulcastOfferKeepsConstrainedBaselineAndItsRtx() throws SdpException {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_H264_SIMULCAST).media().get(1);
        AnsweredMedia a = MediaNegotiator.answerReceiving(video, POLICY);
        assertEquals(List.of("108", "109"), a.formats());
        assertEquals("H264", a.codecs().get(0).name());
        assertEquals("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", a.codecs().get(0).fmtp());
        assertEquals("apt=108", a.codecs().get(1).fmtp());
        assertEquals(List.of("q", "h", "f"), a.simulcast().recvRids());
    }

    @Test
    void sendingOnASendonlyLineIsAnError() {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(1);
        assertThrows(SdpException.class, () -> MediaNegotiator.answerSending(video, POLICY, "VP8", List.of(), "s", "t"));
    }

    @Test
    void rejectKeepsMidKindProtocolAndFormats() {
        Offer offer = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED);
        AnsweredMedia stopped = MediaNegotiator.reject(offer.media().get(2));
        assertTrue(stopped.rejected());
        assertEquals("2", stopped.mid());
        assertEquals("video", stopped.kind());
        assertEquals(List.of("96", "97"), stopped.formats());
        assertEquals(Direction.INACTIVE, stopped.direction());
        AnsweredMedia data = MediaNegotiator.reject(offer.media().get(4));
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals("UDP/DTLS/SCTP", data.protocol());
    }

    @Test
    void aDataOnlyOfferGetsItsApplicationLineAnsweredWithTheSfusMessageSize() throws SdpException {
        Offer offer = Fixtures.offer(Fixtures.CHROME_DATA_ONLY);
        OfferedMedia data = offer.media().get(0);
        assertEquals(5000, data.sctpPort());
        assertEquals(262144, data.maxMessageSize());
        AnsweredMedia answer = MediaNegotiator.answerApplication(data, 1 << 20);
        assertEquals("application", answer.kind());
        assertEquals(List.of("webrtc-datachannel"), answer.formats());
        assertEquals(1 << 20, answer.maxMessageSize());
        assertThrows(SdpException.class, () -> MediaNegotiator.answerApplication(
                Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO).media().get(0), 1 << 20));
    }

    @Test
    void applicationAndStoppedLinesCanOnlyBeRejected() {
        Offer offer = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED);
        SdpException app = assertThrows(SdpException.class,
                () -> MediaNegotiator.answerSending(offer.media().get(4), POLICY, "VP8", List.of(), "s", "t"));
        assertTrue(app.getMessage().contains("m=application carries no RTP"), app.getMessage());
        SdpException stopped = assertThrows(SdpException.class,
                () -> MediaNegotiator.answerSending(offer.media().get(2), POLICY, "VP8", List.of(), "s", "t"));
        assertTrue(stopped.getMessage().contains("port 0"));
    }
}
