package dev.sfu.peer;

import java.util.ArrayList;
import java.util.List;

/**
 * The encodings of the peer's video track, lowest first: one {@link VideoSender} for a track sent as one
 * encoding, one per RID for a simulcast track. Ticks them together (as one camera frame encoded N times),
 * routes a PLI or FIR to the encoding whose SSRC it names, and stops or resumes single encodings. Confined
 * to the peer's event loop.
 */
final class VideoSenders {
    private final List<VideoSender> senders = new ArrayList<>();

    VideoSenders(LocalTrack track, PayloadStamp stamp, PeerConfig config) {
        if (track.simulcast()) {
            for (int i = 0; i < track.encodings().size(); i++) {
                senders.add(new VideoSender(track, track.encodings().get(i), i, stamp, config));
            }
        } else {
            senders.add(new VideoSender(track, stamp, config));
        }
    }

    /** Sends the next frame of every active encoding. */
    void tick(RtpSink sink) {
        for (int i = 0, n = senders.size(); i < n; i++) {
            senders.get(i).tick(sink);
        }
    }

    /** A frame of every active encoding is due; {@link #sendPacket} sends them, lowest encoding first. */
    void startFrames() {
        for (int i = 0, n = senders.size(); i < n; i++) {
            senders.get(i).startFrame();
        }
    }

    /** Sends the next due packet (of the lowest encoding that has one); its RTP size, or 0 when none is due. */
    int sendPacket(RtpSink sink) {
        for (int i = 0, n = senders.size(); i < n; i++) {
            VideoSender sender = senders.get(i);
            if (sender.hasPacketToSend()) {
                return sender.sendPacket(sink);
            }
        }
        return 0;
    }

    /** The bitrate of all encodings together, as an encoder's target, for the pacer. */
    long targetBitrateBps() {
        long sum = 0;
        for (VideoSender sender : senders) {
            sum += sender.targetBitrateBps();
        }
        return sum;
    }

    /** A keyframe request for an SSRC: true (and a keyframe next) when it is one of these encodings. */
    boolean requestKeyframe(long ssrc) {
        for (VideoSender sender : senders) {
            if (sender.ssrc() == ssrc) {
                sender.requestKeyframe();
                return true;
            }
        }
        return false;
    }

    /** The sequence number the encoding with this SSRC sends next, or -1 when none has it. */
    int nextSequence(long ssrc) {
        for (VideoSender sender : senders) {
            if (sender.ssrc() == ssrc) {
                return sender.nextSequence();
            }
        }
        return -1;
    }

    void setActive(int layer, boolean active) {
        if (layer < 0 || layer >= senders.size()) {
            throw new IllegalArgumentException("no layer " + layer + " of " + senders.size());
        }
        senders.get(layer).setActive(active);
    }

    List<Long> ssrcs() {
        List<Long> ssrcs = new ArrayList<>();
        for (VideoSender sender : senders) {
            ssrcs.add(sender.ssrc());
        }
        return ssrcs;
    }

    long packets() {
        long sum = 0;
        for (VideoSender sender : senders) {
            sum += sender.packets();
        }
        return sum;
    }

    long bytes() {
        long sum = 0;
        for (VideoSender sender : senders) {
            sum += sender.bytes();
        }
        return sum;
    }

    long frames() {
        long sum = 0;
        for (VideoSender sender : senders) {
            sum += sender.frames();
        }
        return sum;
    }

    long keyframes() {
        long sum = 0;
        for (VideoSender sender : senders) {
            sum += sender.keyframes();
        }
        return sum;
    }
}
