package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfferParseTest {
    private static final String CHROME_FP = "9B:71:0F:5C:3E:2A:8D:44:A1:6B:07:E3:C9:52:1D:F0:88:3A:BE:64:17:C2:5D:9E"
            + ":0B:F1:A4:36:7C:E8:29:D5";

    @Test
    void parsesChromiumAudioVideoSendonlyOffer() {
        Offer offer = Fixtures.offer(Fixtures.CHROME_AUDIO_VIDEO);
        assertEquals(new TransportParameters("Xk3p", "4bZ9lq0sVhQm8rT2yN6cW1eK", "sha-256", CHROME_FP, "actpass"),
                offer.transport());
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertEquals(2, offer.media().size());

        OfferedMedia audio = offer.media().get(0);
        assertEquals(0, audio.index());
        assertEquals("0", audio.mid());
        assertEquals("audio", audio.kind());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.protocol());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertTrue(audio.rtcpMux());
        assertFalse(audio.rejected());
        assertEquals("3d6c2a1e-6f1b-4d0e-9c4e-1b7f9a2d5e10 8a1f2c3d-0b4e-4f5a-9d6c-7e8f9a0b1c2d", audio.msid());
        assertEquals(8, audio.codecs().size());
        assertEquals(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")),
                audio.codecs().get(0));
        assertEquals(new Codec(63, "red", 48000, 2, "111/111", List.of()), audio.codecs().get(1));
        assertEquals(new Codec(0, "PCMU", 8000, 1, null, List.of()), audio.codec(0));
        assertEquals(List.of(new Extmap(1, Extmap.AUDIO_LEVEL, Direction.SENDRECV),
                new Extmap(2, Extmap.ABS_SEND_TIME, Direction.SENDRECV),
                new Extmap(3, Extmap.TRANSPORT_CC, Direction.SENDRECV),
                new Extmap(4, Extmap.SDES_MID, Direction.SENDRECV)), audio.extensions());
        assertEquals(List.of(new SsrcDescription(2825390221L, "u0sVxQ3dHk2pLmNb",
                "3d6c2a1e-6f1b-4d0e-9c4e-1b7f9a2d5e10 8a1f2c3d-0b4e-4f5a-9d6c-7e8f9a0b1c2d")), audio.ssrcs());
        assertTrue(audio.ssrcGroups().isEmpty());
        assertTrue(audio.rids().isEmpty());
        assertNull(audio.simulcast());

        OfferedMedia video = offer.media().get(1);
        assertEquals("1", video.mid());
        assertEquals(25, video.codecs().size());
        Codec vp8 = video.codecs().get(0);
        assertEquals(new Codec(96, "VP8", 90000, 1, null,
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")), vp8);
        assertEquals(96, video.codec(97).apt());
        assertTrue(video.codec(97).is("RTX"));
        assertNull(vp8.apt());
        assertEquals("42e01f", video.codec(106).parameter("profile-level-id"));
        assertEquals(11, video.extensions().size());
        assertEquals(new Extmap(10, Extmap.RTP_STREAM_ID, Direction.SENDRECV), video.extensions().get(9));
        assertEquals(List.of(new SsrcGroup("FID", List.of(1367423931L, 3171420866L))), video.ssrcGroups());
        assertEquals(2, video.ssrcs().size());
        assertEquals(3171420866L, video.ssrcs().get(1).ssrc());
        assertEquals("u0sVxQ3dHk2pLmNb", video.ssrcs().get(1).cname());
    }

    @Test
    void parsesChromiumSimulcastRidsWithoutSsrcs() {
        OfferedMedia video = Fixtures.offer(Fixtures.CHROME_SIMULCAST).media().get(1);
        assertEquals(List.of(new Rid("q", Direction.SENDONLY, null), new Rid("h", Direction.SENDONLY, null),
                new Rid("f", Direction.SENDONLY, null)), video.rids());
        assertEquals(new Simulcast(List.of("q", "h", "f"), List.of()), video.simulcast());
        assertTrue(video.ssrcs().isEmpty());
        assertTrue(video.ssrcGroups().isEmpty());
    }

    @Test
    void parsesRecvonlySectionsRecycledPortZeroAndDataChannel() {
        Offer offer = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED);
        assertEquals(List.of("0", "1", "3", "4"), offer.bundleMids());
        assertEquals(5, offer.media().size());
        assertEquals(Direction.RECVONLY, offer.media().get(0).direction());
        assertEquals(Direction.RECVONLY, offer.media().get(1).direction());
        OfferedMedia stopped = offer.media().get(2);
        assertTrue(stopped.rejected());
        assertEquals("2", stopped.mid());
        assertEquals(Direction.INACTIVE, stopped.direction());
        OfferedMedia data = offer.media("4");
        assertNotNull(data);
        assertEquals("application", data.kind());
        assertEquals("UDP/DTLS/SCTP", data.protocol());
        assertTrue(data.codecs().isEmpty());
        assertNull(offer.media().get(0).msid());
    }

    @Test
    void parsesFirefoxSessionLevelFingerprintAndExtmapDirections() {
        Offer offer = Fixtures.offer(Fixtures.FIREFOX_SENDRECV);
        assertEquals("7a9c1e3f", offer.transport().iceUfrag());
        assertEquals("sha-256", offer.transport().fingerprintAlgorithm());
        assertTrue(offer.transport().fingerprint().startsWith("3A:1F:9C"));
        OfferedMedia audio = offer.media().get(0);
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new Extmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", Direction.RECVONLY),
                audio.extensions().get(1));
        assertEquals(new Codec(9, "G722", 8000, 1, null, List.of()), audio.codec(9));
        OfferedMedia video = offer.media().get(1);
        assertEquals(120, video.codec(124).apt());
        assertEquals(List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"),
                video.codec(120).rtcpFeedback());
        assertEquals(List.of(new SsrcGroup("FID", List.of(2718281828L, 3141592653L))), video.ssrcGroups());
    }

    @Test
    void acceptsLfLineEndingsAndWildcardFeedbackAndSimulcastAlternatives() throws SdpException {
        String sdp = Fixtures.load(Fixtures.CHROME_SIMULCAST).replace("\r\n", "\n")
                .replace("a=simulcast:send q;h;f", "a=simulcast:send q,x;~h;f recv r")
                .replace("a=rtcp-fb:96 nack pli", "a=rtcp-fb:* nack pli");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        assertEquals(new Simulcast(List.of("q", "f"), List.of("r")), video.simulcast());
        assertTrue(video.codec(97).rtcpFeedback().contains("nack pli"));
    }

    @Test
    void parsesSsrcGroupSimAsTheOtherSimulcastForm() throws SdpException {
        String sdp = Fixtures.load(Fixtures.CHROME_AUDIO_VIDEO).replace("a=ssrc-group:FID 1367423931 3171420866",
                "a=ssrc-group:SIM 1 2 3\r\na=ssrc-group:FID 1367423931 3171420866");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        assertEquals(new SsrcGroup("SIM", List.of(1L, 2L, 3L)), video.ssrcGroups().get(0));
    }

    @Test
    void directionParsesAndReverses() {
        assertEquals(Direction.SENDONLY, Direction.parse("sendonly"));
        assertEquals(Direction.RECVONLY, Direction.SENDONLY.reverse());
        assertEquals(Direction.SENDRECV, Direction.SENDRECV.reverse());
        assertEquals("inactive", Direction.INACTIVE.sdpName());
        assertTrue(Direction.SENDRECV.sends() && Direction.SENDRECV.receives());
        assertFalse(Direction.INACTIVE.sends() || Direction.INACTIVE.receives());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Direction.parse("x"));
    }
}
