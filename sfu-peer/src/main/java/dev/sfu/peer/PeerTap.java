package dev.sfu.peer;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;

/**
 * The load tool's per-packet hook into a {@link JavaPeer}: every decrypted RTP packet the peer receives is
 * also shown to a {@link Sink} with the latency read from its {@link PayloadStamp}, and the payload bytes the
 * peer's senders produced can be read.
 *
 * <p>The load tool needs per-packet latency percentiles where {@link JavaPeer} keeps per-stream min/mean/max
 * only; the tap gives it the packets without the peer paying for them when no tool is attached.
 *
 * <p>Threading: {@link #install} runs the swap on the peer's event loop; the sink is called on that loop.
 */
public final class PeerTap {
    /** What the tap reports per received RTP packet; called on the peer's event loop, must not block. */
    public interface Sink {
        /**
         * @param video VP8/H.264 payload type
         * @param marker RTP marker bit (video: last packet of a frame)
         * @param stampOk the payload stamp was found and its CRC matched
         * @param senderId the stamped sender id, or -1 when the stamp failed
         * @param counter the stamped per-stream packet counter of the sender, or -1 when the stamp failed
         * @param latencyNanos receive time minus the stamped send time (same host clock), or -1
         */
        void onRtp(long ssrc, boolean video, boolean marker, boolean stampOk, int senderId, long counter,
                long latencyNanos, long nowNanos);
    }

    private PeerTap() {}

    /** Installs the tap on the peer's receive path; call before the first answer is applied. Waits at most 5 s. */
    public static void install(JavaPeer peer, Sink sink) throws Exception {
        Tapped tapped = new Tapped(sink);
        peer.loop().submit(() -> peer.setReceiveTap(tapped)).get(5, TimeUnit.SECONDS);
    }

    /** RTP payload bytes the peer's audio and video senders produced so far (read racily; for statistics). */
    public static long payloadBytesSent(JavaPeer peer) {
        return peer.payloadBytesSent();
    }

    /**
     * RTP packets the peer's audio or video sender produced so far (read racily; exact once the peer is closed,
     * since {@link JavaPeer#close()} waits for its loop). The stamp counter of the next packet equals this.
     */
    public static long packetsSent(JavaPeer peer, boolean video) {
        return peer.packetsSent(video);
    }

    /** Reads the stamp of each packet and reports it; the peer then handles the packet as usual. */
    private static final class Tapped implements PeerReceiver.Tap {
        private final Sink sink;
        private final PayloadStamp stamp = new PayloadStamp();

        Tapped(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void onRtp(ByteBuf packet, long now) {
            if (RtpPacket.headerLength(packet) >= 0 && RtpPacket.payloadLength(packet) >= 0) {
                inspect(packet, now);
            }
        }

        private void inspect(ByteBuf packet, long now) {
            int pt = RtpPacket.payloadType(packet);
            boolean video = pt == LocalTrack.VP8_PT || pt == LocalTrack.H264_PT;
            int offset = RtpPacket.payloadOffset(packet);
            int length = RtpPacket.payloadLength(packet);
            int skip = 1;
            if (video) {
                int d = length > 0 ? Vp8PayloadDescriptor.descriptorLength(packet, offset, length) : -1;
                if (d < 0) {
                    sink.onRtp(RtpPacket.ssrc(packet), true, RtpPacket.marker(packet), false, -1, -1, -1, now);
                    return;
                }
                skip = d;
                if (Vp8PayloadDescriptor.isStartOfFrame(packet, offset, length)) {
                    skip += Vp8PayloadDescriptor.isKeyframe(packet, offset, length) ? 10 : 3;
                }
            }
            int at = offset + skip;
            boolean ok = length - skip > 0 && stamp.verify(packet, at, length - skip);
            long latency = ok ? now - PayloadStamp.sendNanos(packet, at) : -1;
            int sender = ok ? PayloadStamp.senderId(packet, at) : -1;
            long counter = ok ? PayloadStamp.counter(packet, at) : -1;
            sink.onRtp(RtpPacket.ssrc(packet), video, RtpPacket.marker(packet), ok, sender, counter, latency, now);
        }
    }
}
