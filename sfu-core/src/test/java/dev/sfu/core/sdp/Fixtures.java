package dev.sfu.core.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads offers stored under src/test/resources/sdp, with CRLF line endings as browsers send them. */
final class Fixtures {
    static final String CHROME_AUDIO_VIDEO = "chrome-audio-video-sendonly.sdp";
    static final String CHROME_SIMULCAST = "chrome-simulcast.sdp";
    static final String CHROME_RECVONLY_RECYCLED = "chrome-recvonly-recycled.sdp";
    static final String FIREFOX_SENDRECV = "firefox-sendrecv.sdp";
    /** Chromium 156 with setCodecPreferences: H264 42e01f packetization-mode 1 only, three RID layers, and audio. */
    static final String CHROME_H264_SIMULCAST = "chrome-h264-simulcast-sendonly.sdp";
    /** Chromium 156 viewer whose recvonly video transceiver (mid 1) was restricted to VP8 (and its RTX). */
    static final String CHROME_RECVONLY_VP8_ONLY = "chrome-recvonly-vp8-only.sdp";
    /** Firefox ESR 153 under max-bundle: the video m-line at port 0 with a=bundle-only (RFC 8843 section 6). */
    static final String FIREFOX_153_SIMULCAST = "firefox-153-simulcast-bundle-only.sdp";
    static final String FIREFOX_153_RECVONLY = "firefox-153-recvonly-bundle-only.sdp";
    /** Chromium 156 with two data channels and no transceiver: only m=application, max-message-size 256 KiB. */
    static final String CHROME_DATA_ONLY = "chrome-data-only.sdp";
    static final String[] ALL = {CHROME_AUDIO_VIDEO, CHROME_SIMULCAST, CHROME_RECVONLY_RECYCLED, FIREFOX_SENDRECV,
        FIREFOX_153_SIMULCAST, FIREFOX_153_RECVONLY, CHROME_H264_SIMULCAST, CHROME_RECVONLY_VP8_ONLY,
        CHROME_DATA_ONLY};

    private Fixtures() {
    }

    static String load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /sdp/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Offer offer(String name) {
        try {
            return Offer.parse(load(name));
        } catch (SdpException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
