package dev.sfu.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.sdp.AnswerBuilder;
import dev.sfu.core.sdp.Direction;
import dev.sfu.core.sdp.MediaNegotiator;
import dev.sfu.core.sdp.Offer;
import dev.sfu.core.sdp.OfferedMedia;
import dev.sfu.core.sdp.OutgoingSsrc;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.sdp.TransportParameters;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer's offer passes the SFU's own offer validation, and the peer reads what the SFU's answer writer writes. */
class OfferAnswerTest {
    private static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
            + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    private static final IceCredentials ICE = new IceCredentials("ufrag123", "passwordpasswordpassword1");

    private static final LocalTrack AUDIO = new LocalTrack("0", "audio", 1111, -1, LocalTrack.OPUS_PT, "stream",
            "track-a");
    private static final LocalTrack VIDEO = new LocalTrack("1", "video", 2222, 3333, LocalTrack.VP8_PT, "stream",
            "track-v");

    private static String offer(List<MediaLine> lines) {
        return OfferWriter.write(new OfferWriter.Session(42, 2, ICE, "sha-256", FINGERPRINT, "cname-1", "stream", true, false),
                lines);
    }

    @Test
    void offerIsAcceptedByTheSfusValidatorAsChromiumWouldSendIt() throws SdpException {
        ReceiveSlot wanted = new ReceiveSlot("2", "video", "TR_x", false);
        ReceiveSlot stopped = new ReceiveSlot("3", "audio", "TR_gone", true);
        Offer offer = Offer.parse(offer(List.of(AUDIO, VIDEO, wanted, stopped)));

        assertEquals(List.of("0", "1", "2"), offer.bundleMids(), "stopped m-lines stay out of BUNDLE");
        assertEquals(ICE.ufrag(), offer.transport().iceUfrag());
        assertEquals(FINGERPRINT, offer.transport().fingerprint());
        assertEquals("actpass", offer.transport().setup());
        OfferedMedia audio = offer.media("0");
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals("opus", audio.codecs().get(0).name());
        assertEquals(2, audio.codecs().get(0).channels());
        assertEquals(1111, audio.ssrcs().get(0).ssrc());
        assertEquals("stream track-a", audio.ssrcs().get(0).msid());
        OfferedMedia video = offer.media("1");
        assertEquals("VP8", video.codecs().get(0).name());
        assertEquals(96, video.codecs().get(1).apt());
        assertEquals(List.of(2222L, 3333L), video.ssrcGroups().get(0).ssrcs());
        assertEquals("FID", video.ssrcGroups().get(0).semantics());
        assertTrue(video.codecs().get(0).rtcpFeedback().contains("nack pli"));
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:mid", video.extensions().get(0).uri());
        assertEquals(LocalTrack.MID_EXTENSION_ID, video.extensions().get(0).id());
        assertEquals(Direction.RECVONLY, offer.media("2").direction());
        assertTrue(offer.media("2").ssrcs().isEmpty());
        assertTrue(offer.media("3").rejected());
    }

    @Test
    void answerGivesCandidateCredentialsFingerprintAndTheSsrcPerMid() throws SdpException {
        Offer offer = Offer.parse(offer(List.of(AUDIO, VIDEO, new ReceiveSlot("2", "video", "TR_x", false),
                new ReceiveSlot("3", "audio", "TR_y", false))));
        MediaNegotiator.Policy policy = MediaNegotiator.Policy.defaults();
        AnswerBuilder builder = new AnswerBuilder(7, new TransportParameters("sfuu", "sfupasswordsfupasswordsfu",
                "sha-256", FINGERPRINT, "passive"), "127.0.0.1", 40000);
        builder.add(MediaNegotiator.answerReceiving(offer.media("0"), policy));
        builder.add(MediaNegotiator.answerReceiving(offer.media("1"), policy));
        builder.add(MediaNegotiator.answerSending(offer.media("2"), policy, "VP8",
                List.of(new OutgoingSsrc(987654321L, "sfu", OutgoingSsrc.MEDIA)), "PA_1", "TR_x"));
        builder.add(MediaNegotiator.reject(offer.media("3")));

        RemoteAnswer answer = RemoteAnswer.parse(builder.build());

        assertEquals(new InetSocketAddress("127.0.0.1", 40000), answer.candidate());
        assertEquals(new IceCredentials("sfuu", "sfupasswordsfupasswordsfu"), answer.ice());
        assertEquals("sha-256", answer.fingerprintAlgorithm());
        assertEquals(FINGERPRINT, answer.fingerprint());
        assertEquals("passive", answer.setup());
        assertTrue(answer.iceLite());
        assertEquals(987654321L, answer.section("2").ssrc());
        assertEquals(LocalTrack.VP8_PT, answer.section("2").payloadType());
        assertEquals("sendonly", answer.section("2").direction());
        assertEquals("recvonly", answer.section("1").direction());
        assertEquals(-1, answer.section("1").ssrc());
        assertTrue(answer.section("3").rejected());
        assertFalse(answer.section("0").rejected());
    }

    @Test
    void answerWithoutCandidateIsRefused() {
        String sdp = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "a=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
                + "a=fingerprint:sha-256 " + FINGERPRINT + "\r\n";
        assertThrows(SdpException.class, () -> RemoteAnswer.parse(sdp));
    }
}
