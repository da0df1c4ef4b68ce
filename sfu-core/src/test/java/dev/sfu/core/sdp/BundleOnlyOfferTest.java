package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * RFC 8843 section 6: an m-line with port 0 and a=bundle-only whose mid is in the BUNDLE group is live (Firefox
 * and webrtcbin offer every m-line after the first so under max-bundle); port 0 otherwise is a stopped m-line.
 * The rows below change the video m-line of the Chromium audio+video offer.
 */
class BundleOnlyOfferTest {
    private static final String BASE = Fixtures.load(Fixtures.CHROME_AUDIO_VIDEO);
    private static final String VIDEO_LINE = "m=video 9 UDP/TLS/RTP/SAVPF";
    private static final TransportParameters LOCAL = new TransportParameters("sfuU", "sfuPasswordSfuPassword12",
            "sha-256", "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
            "passive");
    private static final String VIDEO_TRANSPORT = "a=ice-ufrag:Xk3p\r\na=ice-pwd:4bZ9lq0sVhQm8rT2yN6cW1eK\r\n";

    @Test
    void portZeroBundleOnlyInTheGroupIsLive() throws SdpException {
        OfferedMedia video = Offer.parse(bundleOnlyVideo(BASE)).media().get(1);
        assertEquals(0, video.port());
        assertTrue(video.bundleOnly());
        assertFalse(video.rejected());
        assertEquals("VP8", video.codecs().get(0).name());
    }

    @Test
    void bundleOnlyLineWithoutTransportAttributesUsesTheBundles() throws SdpException {
        String sdp = withoutVideoTransport(bundleOnlyVideo(BASE));
        Offer offer = Offer.parse(sdp);
        assertFalse(offer.media().get(1).rejected());
        assertEquals("Xk3p", offer.transport().iceUfrag());
    }

    @Test
    void bundleOnlyLineWithOtherCredentialsIsRefused() {
        String sdp = replaceLast(bundleOnlyVideo(BASE), "a=ice-ufrag:Xk3p", "a=ice-ufrag:Zz9q");
        SdpException e = assertThrows(SdpException.class, () -> Offer.parse(sdp));
        assertTrue(e.getMessage().contains("m-line 2 (mid 1): a=ice-ufrag differs from m-line 1 (mid 0)"),
                e.getMessage());
    }

    @Test
    void portZeroWithoutBundleOnlyIsStopped() throws SdpException {
        String sdp = BASE.replace(VIDEO_LINE, "m=video 0 UDP/TLS/RTP/SAVPF");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        assertFalse(video.bundleOnly());
        assertTrue(video.rejected());
    }

    @Test
    void bundleOnlyOutsideTheGroupIsStopped() throws SdpException {
        String sdp = bundleOnlyVideo(BASE).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
        OfferedMedia video = Offer.parse(sdp).media().get(1);
        assertFalse(video.bundleOnly());
        assertTrue(video.rejected());
    }

    @Test
    void liveBundleOnlyLineIsValidatedLikeAnyActiveLine() {
        String sdp = bundleOnlyVideo(BASE).replaceFirst("(m=video[^\r]*\r\n(?:[^m][^\r]*\r\n)*?)a=rtcp-mux\r\n", "$1");
        SdpException e = assertThrows(SdpException.class, () -> Offer.parse(sdp));
        assertTrue(e.getMessage().contains("m-line 2 (mid 1): missing a=rtcp-mux"), e.getMessage());
    }

    @Test
    void answerGivesABundleOnlyLineTheServersPort() throws SdpException {
        Offer offer = Offer.parse(withoutVideoTransport(bundleOnlyVideo(BASE)));
        AnswerBuilder builder = new AnswerBuilder(7L, LOCAL, "192.0.2.10", 50000);
        for (OfferedMedia m : offer.media()) {
            builder.add(MediaNegotiator.answerReceiving(m, MediaNegotiator.Policy.defaults()));
        }
        String answer = builder.build();
        assertTrue(answer.contains("a=group:BUNDLE 0 1\r\n"), answer);
        assertTrue(answer.contains("\r\nm=video 50000 UDP/TLS/RTP/SAVPF "), answer);
        assertFalse(answer.contains("bundle-only"), "an answer never carries a=bundle-only (RFC 8843 section 7.3.1)");
    }

    /** Port 0 and a=bundle-only on the video m-line, as Firefox offers it. */
    static String bundleOnlyVideo(String sdp) {
        return sdp.replace(VIDEO_LINE + " ", "m=video 0 UDP/TLS/RTP/SAVPF ")
                .replaceFirst("(m=video 0 [^\r]*\r\n)", "$1a=bundle-only\r\n");
    }

    private static String withoutVideoTransport(String sdp) {
        int video = sdp.indexOf("m=video");
        return sdp.substring(0, video) + sdp.substring(video).replace(VIDEO_TRANSPORT, "")
                .replaceFirst("a=fingerprint:[^\r]*\r\n", "").replaceFirst("a=setup:actpass\r\n", "");
    }

    private static String replaceLast(String s, String from, String to) {
        int i = s.lastIndexOf(from);
        return s.substring(0, i) + to + s.substring(i + from.length());
    }
}
