package dev.sfu.core.client;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends VP8-like video (RFC 7741): one frame per tick, packetized as Chromium does.
 *
 * <pre>
 *  every packet:  |X=1|R|N=0|S|R|PID=0|   |I=1|L|T|K|RSV|   |M=1| picture id (15 bits)   |
 *  first packet:  S=1, then the VP8 payload header |Size0|H=1|VER=0|P|  |Size1|  |Size2|
 *                 keyframe (P=0): start code 9d 01 2a, width and height (640x480, little endian)
 *  then:          a PayloadStamp filling the rest of the packet
 *  last packet:   RTP marker bit
 * </pre>
 *
 * A keyframe is sent first and after each {@link #requestKeyframe()} (a PLI or FIR arrived); keyframes are
 * split over several packets of at most {@code maxPacketPayload} bytes. The timestamp advances by 90000/fps
 * per frame; the picture id by one, wrapping at 2^15. Confined to the peer's event loop.
 */
final class VideoSender {
    private static final int DESCRIPTOR = 4;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private final LocalTrack track;
    private final RtpWriter header;
    private final PayloadStamp stamp;
    private final int senderId;
    private final int keyframeBytes;
    private final int deltaFrameBytes;
    private final int maxPayload;
    private final long timestampStep;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private int pictureId = ThreadLocalRandom.current().nextInt(1 << 15);
    private boolean keyframeWanted = true;
    private long packets;
    private long bytes;
    private long frames;
    private long keyframes;

    VideoSender(LocalTrack track, PayloadStamp stamp, PeerConfig config) {
        this.track = track;
        this.header = new RtpWriter(track.mid());
        this.stamp = stamp;
        this.senderId = config.senderId();
        this.keyframeBytes = config.keyframeBytes();
        this.deltaFrameBytes = config.deltaFrameBytes();
        this.maxPayload = config.maxPacketPayload();
        this.timestampStep = 90_000L / config.videoFrameRate();
    }

    /** The next frame will be a keyframe. */
    void requestKeyframe() {
        keyframeWanted = true;
    }

    /** Sends the next frame (one or more packets) and flushes them together. */
    void tick(RtpSink sink) {
        boolean key = keyframeWanted;
        keyframeWanted = false;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int frameBytes = key ? keyframeBytes : Math.max(64, deltaFrameBytes * (70 + random.nextInt(61)) / 100);
        int firstHeader = key ? 10 : 3;
        int room = maxPayload - DESCRIPTOR;
        // Each packet holds at least a full stamp after the descriptor (and, in the first, the VP8 header).
        int remaining = Math.max(frameBytes, firstHeader + PayloadStamp.LENGTH);
        boolean first = true;
        while (remaining > 0) {
            int content = Math.min(remaining, room);
            int left = remaining - content;
            if (left > 0 && left < PayloadStamp.LENGTH) {
                content -= PayloadStamp.LENGTH - left; // keep the last packet large enough for a stamp
                left = PayloadStamp.LENGTH;
            }
            boolean last = left == 0;
            ByteBuf out = sink.alloc().directBuffer(header.headerLength() + DESCRIPTOR + content
                    + RtpSink.SRTP_TAILROOM);
            header.write(out, last, track.payloadType(), sequence, timestamp, track.ssrc());
            out.writeByte(first ? 0x90 : 0x80);
            out.writeByte(0x80);
            out.writeShort(0x8000 | pictureId);
            int stampLength = content;
            if (first) {
                writePayloadHeader(out, key, frameBytes);
                stampLength -= firstHeader;
            }
            stamp.write(out, PayloadStamp.KIND_VIDEO, senderId, packets, System.nanoTime(), stampLength);
            sequence = (sequence + 1) & 0xFFFF;
            packets++;
            bytes += DESCRIPTOR + content;
            sink.sendRtp(out);
            remaining = left;
            first = false;
        }
        frames++;
        if (key) {
            keyframes++;
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        timestamp = (timestamp + timestampStep) & 0xFFFFFFFFL;
        sink.flush();
    }

    /** RFC 7741 §4.3 payload header; for keyframes the RFC 6386 §9.1 start code and dimensions. */
    private static void writePayloadHeader(ByteBuf out, boolean key, int frameBytes) {
        int size = Math.min(frameBytes, (1 << 19) - 1); // first partition size, 19 bits
        out.writeByte(((size & 0x7) << 5) | 0x10 | (key ? 0 : 1));
        out.writeByte((size >> 3) & 0xFF);
        out.writeByte((size >> 11) & 0xFF);
        if (key) {
            out.writeByte(0x9d);
            out.writeByte(0x01);
            out.writeByte(0x2a);
            out.writeShortLE(WIDTH);
            out.writeShortLE(HEIGHT);
        }
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    long frames() {
        return frames;
    }

    long keyframes() {
        return keyframes;
    }
}
