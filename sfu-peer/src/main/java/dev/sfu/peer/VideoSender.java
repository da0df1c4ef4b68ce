package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends VP8-like video (RFC 7741): one frame per tick, packetized as Chromium does.
 *
 * <pre>
 *  every packet:  |X=1|R|N=0|S|R|PID=0|   |I=1|L|T|K|RSV|   |M=1| picture id (15 bits)   |
 *  first packet:  S=1, then the VP8 payload header |Size0|H=1|VER=0|P|  |Size1|  |Size2|
 *                 keyframe (P=0): start code 9d 01 2a, width and height (little endian; 640x480, or
 *                 the simulcast encoding's size)
 *  then:          a PayloadStamp filling the rest of the packet
 *  last packet:   RTP marker bit
 * </pre>
 *
 * A keyframe is sent first and after each {@link #requestKeyframe()} (a PLI or FIR arrived); keyframes are
 * split over several packets of at most {@code maxPacketPayload} bytes. The timestamp advances by 90000/fps
 * per frame; the picture id by one, wrapping at 2^15. One sender per simulcast encoding: each has its own
 * SSRC, sequence, timestamp and picture id space, frame size and bitrate, stamps its layer index in the
 * {@link PayloadStamp}, and can be stopped and resumed (resuming starts with a keyframe), as Chromium drops
 * its top encodings under CPU or bandwidth pressure. A frame goes out whole ({@link #tick}) or packet by packet
 * as a pacer lets it ({@link #startFrame}, {@link #sendPacket}: see {@link VideoPacer}); each packet is built
 * and stamped when it leaves. Confined to the peer's event loop.
 */
final class VideoSender {
    private static final int DESCRIPTOR = 4;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private final LocalTrack track;
    private final long ssrc;
    private final int layer;
    private final int width;
    private final int height;
    private final RtpWriter header;
    private final PayloadStamp stamp;
    private final int senderId;
    private final int keyframeBytes;
    private final int deltaFrameBytes;
    private final int maxPayload;
    private final int frameRate;
    private final long timestampStep;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private int pictureId = ThreadLocalRandom.current().nextInt(1 << 15);
    private boolean keyframeWanted = true;
    private boolean active = true;
    private long packets;
    private long bytes;
    private long frames;
    private long keyframes;
    /** Frames due whose packets have not started yet (more than one only while a pacer lags). */
    private int framesDue;
    /** The frame in progress: bytes still to send (0: none), its kind and size, whether its next packet is its first. */
    private int frameRemaining;
    private boolean frameKey;
    private int frameBytes;
    private boolean frameFirstPacket;

    /** The only encoding of a track: 640x480, frame sizes from the config. */
    VideoSender(LocalTrack track, PayloadStamp stamp, PeerConfig config) {
        this(track, track.ssrc(), null, 0, WIDTH, HEIGHT, config.keyframeBytes(), config.deltaFrameBytes(), stamp,
                config);
    }

    /**
     * One simulcast encoding: its frame size, and frame sizes giving its bitrate at the configured frame rate
     * (a keyframe three delta frames long).
     */
    VideoSender(LocalTrack track, SendEncoding encoding, int layer, PayloadStamp stamp, PeerConfig config) {
        this(track, encoding.ssrc(), encoding.rid(), layer, encoding.width(), encoding.height(),
                3 * deltaBytes(encoding, config), deltaBytes(encoding, config), stamp, config);
    }

    private VideoSender(LocalTrack track, long ssrc, String rid, int layer, int width, int height, int keyframeBytes,
            int deltaFrameBytes, PayloadStamp stamp, PeerConfig config) {
        this.track = track;
        this.ssrc = ssrc;
        this.layer = layer;
        this.width = width;
        this.height = height;
        this.header = new RtpWriter(track.mid(), rid);
        this.stamp = stamp;
        this.senderId = config.senderId();
        this.keyframeBytes = keyframeBytes;
        this.deltaFrameBytes = deltaFrameBytes;
        this.maxPayload = config.maxPacketPayload();
        this.frameRate = config.videoFrameRate();
        this.timestampStep = 90_000L / frameRate;
    }

    private static int deltaBytes(SendEncoding encoding, PeerConfig config) {
        return (int) Math.max(PayloadStamp.LENGTH + 16, encoding.bitrateBps() / 8 / config.videoFrameRate());
    }

    long ssrc() {
        return ssrc;
    }

    int nextSequence() {
        return sequence;
    }

    /** Stops or resumes this encoding; a resumed encoding starts with a keyframe. */
    void setActive(boolean value) {
        if (value && !active) {
            keyframeWanted = true;
        }
        active = value;
    }

    boolean active() {
        return active;
    }

    /** The next frame will be a keyframe. */
    void requestKeyframe() {
        keyframeWanted = true;
    }

    /** Sends the next frame (one or more packets) back to back and flushes them together. */
    void tick(RtpSink sink) {
        if (!active) {
            return;
        }
        startFrame();
        while (sendPacket(sink) > 0) {
            // the whole frame at once
        }
        sink.flush();
    }

    /**
     * A frame is due (the camera ticked): its packets go out with {@link #sendPacket}, after those of frames
     * due before it, as from a pacer's queue. Nothing is due while the encoding is stopped.
     */
    void startFrame() {
        if (active) {
            framesDue++;
        }
    }

    /** True while a started frame still has packets to send. */
    boolean hasPacketToSend() {
        return frameRemaining > 0 || framesDue > 0;
    }

    /**
     * Sends the next packet of the frame in progress (beginning the next due frame if none is), stamped with
     * the time it leaves, without flushing. Returns its RTP size (header and payload), or 0 when nothing is due.
     */
    int sendPacket(RtpSink sink) {
        if (frameRemaining == 0) {
            if (framesDue == 0) {
                return 0;
            }
            framesDue--;
            beginFrame();
        }
        int room = maxPayload - DESCRIPTOR;
        int content = Math.min(frameRemaining, room);
        int left = frameRemaining - content;
        if (left > 0 && left < PayloadStamp.LENGTH) {
            content -= PayloadStamp.LENGTH - left; // keep the last packet large enough for a stamp
            left = PayloadStamp.LENGTH;
        }
        boolean last = left == 0;
        int size = header.headerLength() + DESCRIPTOR + content;
        ByteBuf out = sink.alloc().directBuffer(size + RtpSink.SRTP_TAILROOM);
        header.write(out, last, track.payloadType(), sequence, timestamp, ssrc);
        out.writeByte(frameFirstPacket ? 0x90 : 0x80);
        out.writeByte(0x80);
        out.writeShort(0x8000 | pictureId);
        int stampLength = content;
        if (frameFirstPacket) {
            writePayloadHeader(out, frameKey, frameBytes, width, height);
            stampLength -= frameKey ? 10 : 3;
        }
        stamp.write(out, PayloadStamp.KIND_VIDEO, layer, senderId, packets, System.nanoTime(), stampLength);
        sequence = (sequence + 1) & 0xFFFF;
        packets++;
        bytes += DESCRIPTOR + content;
        sink.sendRtp(out);
        frameRemaining = left;
        frameFirstPacket = false;
        if (last) {
            endFrame();
        }
        return size;
    }

    /** Decides the frame's kind and size; each packet holds at least a full stamp after its headers. */
    private void beginFrame() {
        frameKey = keyframeWanted;
        keyframeWanted = false;
        frameBytes = frameKey ? keyframeBytes
                : Math.max(64, deltaFrameBytes * (70 + ThreadLocalRandom.current().nextInt(61)) / 100);
        frameRemaining = Math.max(frameBytes, (frameKey ? 10 : 3) + PayloadStamp.LENGTH);
        frameFirstPacket = true;
    }

    private void endFrame() {
        frames++;
        if (frameKey) {
            keyframes++;
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        timestamp = (timestamp + timestampStep) & 0xFFFFFFFFL;
    }

    /** The bitrate this encoding aims at (its mean delta frame size at the frame rate), for a pacer. */
    long targetBitrateBps() {
        return deltaFrameBytes * 8L * frameRate;
    }

    /** RFC 7741 §4.3 payload header; for keyframes the RFC 6386 §9.1 start code and dimensions. */
    private static void writePayloadHeader(ByteBuf out, boolean key, int frameBytes, int width, int height) {
        int size = Math.min(frameBytes, (1 << 19) - 1); // first partition size, 19 bits
        out.writeByte(((size & 0x7) << 5) | 0x10 | (key ? 0 : 1));
        out.writeByte((size >> 3) & 0xFF);
        out.writeByte((size >> 11) & 0xFF);
        if (key) {
            out.writeByte(0x9d);
            out.writeByte(0x01);
            out.writeByte(0x2a);
            out.writeShortLE(width);
            out.writeShortLE(height);
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
