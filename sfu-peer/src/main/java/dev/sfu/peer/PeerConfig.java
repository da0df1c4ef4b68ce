package dev.sfu.peer;

import dev.sfu.core.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link JavaPeer} publishes and how.
 *
 * @param name display name (also the msid stream id prefix)
 * @param senderId stamped into every payload so receivers can tell who sent it
 * @param publishAudio add a sendonly Opus m-line and send 20 ms packets
 * @param publishVideo add a sendonly VP8 m-line and send frames
 * @param videoFrameRate video frames per second
 * @param keyframeBytes size of a keyframe (split into packets of at most {@code maxPacketPayload})
 * @param deltaFrameBytes typical size of a delta frame
 * @param maxPacketPayload largest RTP payload of a video packet (Chromium stays near 1100-1200)
 * @param consentInterval how often ICE checks are repeated once connected (RFC 7675 consent)
 * @param srtpProfiles SRTP profiles offered in DTLS use_srtp, in preference order
 * @param simulcastLayers 0: video as one encoding (640x480, a=ssrc signalled, frame sizes above); 1..3: that
 *     many RID-signalled simulcast encodings of q (320x180, ~150 kbps), h (640x360, ~500 kbps) and
 *     f (1280x720, ~1.5 Mbps), the top ones first (2 layers are h and f), frame sizes from those bitrates
 * @param pacedVideo send each video frame's packets spread over time as a browser's pacer does
 *     ({@link VideoPacer}); false (the default): a frame's packets back to back
 */
public record PeerConfig(String name, int senderId, boolean publishAudio, boolean publishVideo, int videoFrameRate,
        int keyframeBytes, int deltaFrameBytes, int maxPacketPayload, Duration consentInterval,
        List<SrtpProfile> srtpProfiles, int simulcastLayers, boolean pacedVideo) {

    public PeerConfig {
        if (videoFrameRate < 1 || videoFrameRate > 120) {
            throw new IllegalArgumentException("video frame rate must be 1..120: " + videoFrameRate);
        }
        if (maxPacketPayload < PayloadStamp.LENGTH + 32 || maxPacketPayload > 1400) {
            throw new IllegalArgumentException("max packet payload out of range: " + maxPacketPayload);
        }
        if (keyframeBytes < 1 || deltaFrameBytes < 1) {
            throw new IllegalArgumentException("frame sizes must be positive");
        }
        if (simulcastLayers < 0 || simulcastLayers > 3) {
            throw new IllegalArgumentException("simulcast layers must be 0..3: " + simulcastLayers);
        }
        srtpProfiles = List.copyOf(srtpProfiles);
    }

    /** Video frames sent back to back (no pacing). */
    public PeerConfig(String name, int senderId, boolean publishAudio, boolean publishVideo, int videoFrameRate,
            int keyframeBytes, int deltaFrameBytes, int maxPacketPayload, Duration consentInterval,
            List<SrtpProfile> srtpProfiles, int simulcastLayers) {
        this(name, senderId, publishAudio, publishVideo, videoFrameRate, keyframeBytes, deltaFrameBytes,
                maxPacketPayload, consentInterval, srtpProfiles, simulcastLayers, false);
    }

    /** Video as one encoding (no simulcast). */
    public PeerConfig(String name, int senderId, boolean publishAudio, boolean publishVideo, int videoFrameRate,
            int keyframeBytes, int deltaFrameBytes, int maxPacketPayload, Duration consentInterval,
            List<SrtpProfile> srtpProfiles) {
        this(name, senderId, publishAudio, publishVideo, videoFrameRate, keyframeBytes, deltaFrameBytes,
                maxPacketPayload, consentInterval, srtpProfiles, 0);
    }

    /** Audio and video at 30 fps, keyframes of ~4.4 KB (4 packets), delta frames of ~900 bytes. */
    public static PeerConfig defaults(String name, int senderId) {
        return new PeerConfig(name, senderId, true, true, 30, 4400, 900, 1100, Duration.ofMillis(2500),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    }

    public PeerConfig withVideoFrameRate(int fps) {
        return new PeerConfig(name, senderId, publishAudio, publishVideo, fps, keyframeBytes, deltaFrameBytes,
                maxPacketPayload, consentInterval, srtpProfiles, simulcastLayers, pacedVideo);
    }

    public PeerConfig withPublishing(boolean audio, boolean video) {
        return new PeerConfig(name, senderId, audio, video, videoFrameRate, keyframeBytes, deltaFrameBytes,
                maxPacketPayload, consentInterval, srtpProfiles, simulcastLayers, pacedVideo);
    }

    /** Publishes video as {@code layers} (1..3) simulcast encodings, or as one encoding (0). */
    public PeerConfig withSimulcast(int layers) {
        return new PeerConfig(name, senderId, publishAudio, publishVideo, videoFrameRate, keyframeBytes,
                deltaFrameBytes, maxPacketPayload, consentInterval, srtpProfiles, layers, pacedVideo);
    }

    /** Paces video as a browser does ({@link VideoPacer}), or sends each frame's packets back to back. */
    public PeerConfig withPacedVideo(boolean paced) {
        return new PeerConfig(name, senderId, publishAudio, publishVideo, videoFrameRate, keyframeBytes,
                deltaFrameBytes, maxPacketPayload, consentInterval, srtpProfiles, simulcastLayers, paced);
    }
}
