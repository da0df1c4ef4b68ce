package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.sdp.MediaNegotiator.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Firefox ESR 153's real offers, captured from the web client (a simulcast publisher; a viewer), answered as the
 * server answers them and compared line by line with the answers kept beside them. Both offers put the video
 * m-line at port 0 with a=bundle-only (RFC 8843 section 6), which used to be answered as stopped.
 */
class FirefoxOfferAnswerTest {
    private static final String PUBLISH = Fixtures.FIREFOX_153_SIMULCAST;
    private static final String VIEW = Fixtures.FIREFOX_153_RECVONLY;
    private static final TransportParameters LOCAL = new TransportParameters("sfuU", "sfuPasswordSfuPassword12",
            "sha-256", "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
            "passive");

    @Test
    void parsesFirefoxSimulcastOfferWithBundleOnlyVideo() {
        Offer offer = Fixtures.offer(PUBLISH);
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertEquals(new TransportParameters("922c18fd", "ec315ff6b32c7850b5119e989875a8af", "sha-256",
                "9C:B3:76:D3:0F:98:3B:32:5C:57:DF:28:D2:19:47:98:DE:C4:44:AD:A9:3D:02:6F:AC:97:D5:54:EA:D5:EA:28",
                "actpass"), offer.transport());
        OfferedMedia audio = offer.media().get(0);
        assertEquals(9, audio.port());
        assertFalse(audio.bundleOnly());
        OfferedMedia video = offer.media().get(1);
        assertEquals(0, video.port());
        assertTrue(video.bundleOnly());
        assertFalse(video.rejected());
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(List.of("q", "h", "f"), video.simulcast().sendRids());
        assertEquals(3, video.rids().size());
        // Firefox names its layers' SSRCs too (a=ssrc and FID groups, no SIM group) beside the rids.
        assertEquals(6, video.ssrcs().size());
        assertEquals(new SsrcGroup("FID", List.of(468213370L, 1909910473L)), video.ssrcGroups().get(0));
        assertEquals(3, video.ssrcGroups().size());
    }

    @Test
    void answersFirefoxPublisherLineByLine() throws SdpException {
        Offer offer = Fixtures.offer(PUBLISH);
        AnswerBuilder answer = new AnswerBuilder(42L, LOCAL, "127.0.0.1", 40000);
        for (OfferedMedia m : offer.media()) {
            answer.add(MediaNegotiator.answerReceiving(m, Policy.defaults()));
        }
        assertLines(Fixtures.load("firefox-153-simulcast-bundle-only.answer.sdp"), answer.build());
    }

    @Test
    void answersFirefoxViewerLineByLine() throws SdpException {
        Offer offer = Fixtures.offer(VIEW);
        assertTrue(offer.media().get(1).bundleOnly());
        Policy policy = Policy.defaults();
        String answer = new AnswerBuilder(43L, LOCAL, "127.0.0.1", 40000)
                .add(MediaNegotiator.answerSending(offer.media().get(0), policy, "opus",
                        List.of(new OutgoingSsrc(1001, "pub-cname", OutgoingSsrc.MEDIA)), "PA_pub", "TR_audio"))
                .add(MediaNegotiator.answerSending(offer.media().get(1), policy, "VP8",
                        List.of(new OutgoingSsrc(2001, "pub-cname", OutgoingSsrc.MEDIA),
                                new OutgoingSsrc(2002, "pub-cname", OutgoingSsrc.RTX)), "PA_pub", "TR_video"))
                .build();
        assertLines(Fixtures.load("firefox-153-recvonly-bundle-only.answer.sdp"), answer);
    }

    /** The expected answer, line by line: the first difference names its line number. */
    private static void assertLines(String expected, String actual) {
        String[] want = expected.split("\r\n");
        String[] got = actual.split("\r\n");
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            assertEquals(want[i], got[i], "answer line " + (i + 1));
        }
        assertEquals(want.length, got.length, "answer line count");
        // What made Firefox's video work: a live m-line on the server's port, in the answer's BUNDLE group.
        assertTrue(actual.contains("a=group:BUNDLE 0 1\r\n"));
        assertTrue(actual.contains("\r\nm=video 40000 "));
        assertFalse(actual.contains("bundle-only"));
    }
}
