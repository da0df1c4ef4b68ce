package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.sdp.MediaNegotiator.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerBuilderTest {
    private static final String FP = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11"
            + ":22:33:44:55:66:77:88:99";
    private static final TransportParameters LOCAL =
            new TransportParameters("sfuU", "sfuPasswordSfuPassword12", "sha-256", FP, "passive");

    /** Answers the recvonly/recycled offer: audio and video sent by the SFU, the stopped line and data rejected. */
    private static String answerRecvonlyOffer(String address) throws SdpException {
        Offer offer = Fixtures.offer(Fixtures.CHROME_RECVONLY_RECYCLED);
        Policy p = Policy.defaults();
        List<OfferedMedia> m = offer.media();
        return new AnswerBuilder(42L, LOCAL, address, 40000)
                .add(MediaNegotiator.answerSending(m.get(0), p, "opus",
                        List.of(new OutgoingSsrc(1001, "pub-cname", "media")), "pubStream", "pubAudio"))
                .add(MediaNegotiator.answerSending(m.get(1), p, "VP8",
                        List.of(new OutgoingSsrc(2001, "pub-cname", "media"), new OutgoingSsrc(2002, "pub-cname", "rtx")),
                        "pubStream", "pubVideo"))
                .add(MediaNegotiator.reject(m.get(2)))
                .add(MediaNegotiator.answerSending(m.get(3), p, "VP8",
                        List.of(new OutgoingSsrc(3001, "other", "media")), null, "otherVideo"))
                .add(MediaNegotiator.reject(m.get(4)))
                .build();
    }

    @Test
    void answerHasSessionLinesAndBundlesOnlyActiveMids() throws SdpException {
        String answer = answerRecvonlyOffer("192.0.2.10");
        assertTrue(answer.startsWith("v=0\r\no=- 42 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n"
                + "a=group:BUNDLE 0 1 3\r\na=msid-semantic: WMS *\r\n"), answer);
        assertTrue(answer.endsWith("\r\n"));
        assertFalse(answer.contains("\n\n"));
        SessionDescription sd = SessionDescription.parse(answer);
        assertEquals(5, sd.media().size());
        assertTrue(sd.has("ice-lite"));
    }

    @Test
    void sendingSectionCarriesTransportCodecsSsrcsAndCandidate() throws SdpException {
        MediaSection video = SessionDescription.parse(answerRecvonlyOffer("192.0.2.10")).media().get(1);
        assertEquals("video", video.kind());
        assertEquals(40000, video.port());
        assertEquals(List.of("96", "97"), video.formats());
        assertEquals("IN IP4 192.0.2.10", video.connection());
        assertEquals("1", video.value("mid"));
        assertEquals("sfuU", video.value("ice-ufrag"));
        assertEquals("sfuPasswordSfuPassword12", video.value("ice-pwd"));
        assertEquals("sha-256 " + FP, video.value("fingerprint"));
        assertEquals("passive", video.value("setup"));
        assertTrue(video.has("rtcp-mux"));
        assertTrue(video.has("sendonly"));
        assertFalse(video.has("ice-options"));
        assertEquals("pubStream pubVideo", video.value("msid"));
        assertEquals(List.of("96 VP8/90000", "97 rtx/90000"), video.values("rtpmap"));
        assertEquals(List.of("97 apt=96"), video.values("fmtp"));
        assertEquals(List.of("96 goog-remb", "96 transport-cc", "96 ccm fir", "96 nack", "96 nack pli"),
                video.values("rtcp-fb"));
        assertEquals(List.of("FID 2001 2002"), video.values("ssrc-group"));
        assertEquals(List.of("2001 cname:pub-cname", "2001 msid:pubStream pubVideo",
                "2002 cname:pub-cname", "2002 msid:pubStream pubVideo"), video.values("ssrc"));
        assertEquals(List.of("1 1 udp 2130706431 192.0.2.10 40000 typ host"), video.values("candidate"));
        assertTrue(video.has("end-of-candidates"));
    }

    @Test
    void opusKeepsChannelsAndMsidWithoutStreamUsesDash() throws SdpException {
        SessionDescription sd = SessionDescription.parse(answerRecvonlyOffer("192.0.2.10"));
        assertEquals(List.of("111 opus/48000/2"), sd.media().get(0).values("rtpmap"));
        assertEquals(List.of("111 minptime=10;useinbandfec=1"), sd.media().get(0).values("fmtp"));
        assertEquals("- otherVideo", sd.media().get(3).value("msid"));
    }

    @Test
    void rejectedSectionsArePortZeroInactiveWithMid() throws SdpException {
        String answer = answerRecvonlyOffer("192.0.2.10");
        assertTrue(answer.contains("m=video 0 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=inactive\r\n"
                + "m=video 40000"), answer);
        assertTrue(answer.endsWith("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=mid:4\r\na=inactive\r\n"), answer);
    }

    @Test
    void anApplicationLineCarriesSctpPortAndMaxMessageSizeAndNoRtpAttributes() throws SdpException {
        Offer offer = Fixtures.offer(Fixtures.CHROME_DATA_ONLY);
        String answer = new AnswerBuilder(9L, LOCAL, "192.0.2.10", 40000)
                .add(MediaNegotiator.answerApplication(offer.media().get(0), 1048576)).build();
        assertTrue(answer.contains("a=group:BUNDLE 0\r\n"), answer);
        assertTrue(answer.contains("m=application 40000 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 192.0.2.10\r\n"
                + "a=mid:0\r\n"), answer);
        assertTrue(answer.contains("a=setup:passive\r\na=sctp-port:5000\r\na=max-message-size:1048576\r\n"
                + "a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host\r\n"), answer);
        assertFalse(answer.contains("a=rtcp-mux"), answer);
        assertFalse(answer.contains("a=sendrecv"), answer);
    }

    @Test
    void receivingSimulcastSectionEchoesRidsAsRecv() throws SdpException {
        Offer offer = Fixtures.offer(Fixtures.CHROME_SIMULCAST);
        String answer = new AnswerBuilder(7L, LOCAL, "10.0.0.1", 5000)
                .add(MediaNegotiator.answerReceiving(offer.media().get(0), Policy.defaults()))
                .add(MediaNegotiator.answerReceiving(offer.media().get(1), Policy.defaults()))
                .build();
        MediaSection video = SessionDescription.parse(answer).media().get(1);
        assertTrue(video.has("recvonly"));
        assertEquals(List.of("q recv", "h recv", "f recv"), video.values("rid"));
        assertEquals("recv q;h;f", video.value("simulcast"));
        assertFalse(video.has("ssrc"));
        assertFalse(video.has("msid"));
        assertEquals(List.of("2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "4 urn:ietf:params:rtp-hdrext:sdes:mid", "10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"), video.values("extmap"));
    }

    @Test
    void ipv6CandidateUsesIp6Everywhere() throws SdpException {
        String answer = answerRecvonlyOffer("2001:db8::1");
        assertTrue(answer.startsWith("v=0\r\no=- 42 2 IN IP6 ::\r\n"), answer);
        MediaSection audio = SessionDescription.parse(answer).media().get(0);
        assertEquals("IN IP6 2001:db8::1", audio.connection());
        assertEquals("1 1 udp 2130706431 2001:db8::1 40000 typ host", audio.value("candidate"));
    }

    @Test
    void rejectsHostNamesAndBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerBuilder(1, LOCAL, "sfu.example.com", 4000));
        assertThrows(IllegalArgumentException.class, () -> new AnswerBuilder(1, LOCAL, "256.1.1.1", 4000));
        assertThrows(IllegalArgumentException.class, () -> new AnswerBuilder(1, LOCAL, "10.0.0.1", 0));
        assertThrows(IllegalArgumentException.class, () -> new AnswerBuilder(-1, LOCAL, "10.0.0.1", 4000));
    }

    @Test
    void answerReadsBackAsAnOfferWouldBe() throws SdpException {
        // Not a legal offer (setup:passive), but every other check of Offer.parse applies to an answer too.
        String answer = answerRecvonlyOffer("192.0.2.10").replace("a=setup:passive", "a=setup:actpass");
        Offer parsed = Offer.parse(answer);
        assertEquals(List.of("0", "1", "3"), parsed.bundleMids());
        assertEquals(new TransportParameters("sfuU", "sfuPasswordSfuPassword12", "sha-256", FP, "actpass"),
                parsed.transport());
        OfferedMedia video = parsed.media().get(1);
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(List.of(new SsrcGroup("FID", List.of(2001L, 2002L))), video.ssrcGroups());
        assertEquals(new SsrcDescription(2001, "pub-cname", "pubStream pubVideo"), video.ssrcs().get(0));
        assertTrue(parsed.media().get(2).rejected());
    }
}
