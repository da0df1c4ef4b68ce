package dev.sfu.core.room;

import io.netty.buffer.ByteBuf;

/**
 * The last complete keyframe of one incoming video layer: every packet of that RTP timestamp, from the packet
 * that starts the keyframe to the one with the marker bit, so a new receiver or a layer switch can start from
 * it instead of asking the publisher ({@link Subscription} replays it through its rewriter).
 *
 * <pre>
 *   onPacket(packet, seq, timestamp, marker, keyframeStart, now)
 *                          every packet of the layer, in arrival order (fields from its SourcePacket)
 *     keyframeStart        -> a new pending frame (a pending one that never completed is released)
 *     same RTP timestamp   -> stored at (seq - first seq); the marker bit gives the frame's length
 *     pending complete     -> becomes the cached frame; the previous cached frame is released
 *   frame()/packet(i)      the cached frame, borrowed (valid on this event loop until the next onPacket)
 *   expire(now)            releases a cached frame older than 2 s and a pending one that never completed
 *   close()                releases everything; later packets are not kept
 * </pre>
 *
 * <p>Bounded: at most {@value #MAX_PACKETS} packets and {@value #MAX_BYTES} bytes per frame (a larger
 * keyframe is not cached), and {@value #MAX_AGE_MILLIS} ms of age. Buffers are {@code retainedSlice()}s of
 * the decrypted incoming datagrams (no copy; nothing rewrites them in place afterwards), released on
 * replacement, expiry and close. Not thread-safe: confined to the room's event loop. The per-packet cost is
 * a few comparisons; only keyframe packets take a slice.
 */
final class KeyframeCache implements AutoCloseable {
    static final int MAX_PACKETS = 1024;
    static final int MAX_BYTES = 1024 * 1024;
    static final long MAX_AGE_MILLIS = 2_000;
    private static final long MAX_AGE_NANOS = MAX_AGE_MILLIS * 1_000_000L;

    /** Two frames take turns: one collects (pending), the other is the cached one ({@code current}, or spare). */
    private Frame pending = new Frame();
    private Frame spare = new Frame();
    private Frame current;
    private boolean closed;
    private long framesCached;
    private long framesAbandoned;

    /**
     * One packet of the layer (a well-formed, decrypted RTP packet, its header fields already read: parsed once
     * upstream into a {@link SourcePacket}) and whether it starts a keyframe.
     */
    void onPacket(ByteBuf packet, int sequence, long timestamp, boolean marker, boolean keyframeStart,
            long nowNanos) {
        if (closed) {
            return;
        }
        if (keyframeStart && !(pending.started() && timestamp == pending.timestamp)) {
            // (A second keyframe start in the same frame, e.g. the IDR after an H264 STAP-A with SPS/PPS, or
            // an IDR in several slices, continues it.)
            if (pending.started()) {
                framesAbandoned++;
                pending.clear();
            }
            pending.start(sequence, timestamp, nowNanos);
        } else if (!pending.started() || timestamp != pending.timestamp) {
            return;
        }
        if (!pending.add(packet, sequence, marker)) {
            framesAbandoned++;
            pending.clear();
            return;
        }
        if (pending.complete()) {
            // Swap: the complete frame becomes the cached one; the old cached frame's buffers go.
            Frame old = current != null ? current : spare;
            current = pending;
            pending = old;
            pending.clear();
            framesCached++;
        }
    }

    /** The cached frame when it is not older than {@code maxAgeNanos}, else null. Borrowed. */
    Frame fresh(long nowNanos, long maxAgeNanos) {
        return current != null && nowNanos - current.firstArrivalNanos <= maxAgeNanos ? current : null;
    }

    /** Whether a keyframe started arriving at most {@code withinNanos} ago and is not complete yet. */
    boolean arriving(long nowNanos, long withinNanos) {
        return pending.started() && nowNanos - pending.firstArrivalNanos <= withinNanos;
    }

    /** Lets go of a cached frame past the age bound, and of a pending frame that never completed. */
    void expire(long nowNanos) {
        if (current != null && nowNanos - current.firstArrivalNanos > MAX_AGE_NANOS) {
            dropCurrent();
        }
        if (pending.started() && nowNanos - pending.firstArrivalNanos > MAX_AGE_NANOS) {
            framesAbandoned++;
            pending.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (current != null) {
            dropCurrent();
        }
        pending.clear();
    }

    private void dropCurrent() {
        current.clear();
        spare = current;
        current = null;
    }

    /** Keyframes cached so far (complete frames). */
    long framesCached() {
        return framesCached;
    }

    /** Keyframes that never completed (a packet lost, reordered beyond the frame, or over the bounds). */
    long framesAbandoned() {
        return framesAbandoned;
    }

    /** Packets held (cached and pending frames). */
    int packetsHeld() {
        return (current != null ? current.count : 0) + pending.count;
    }

    /** Bytes held (cached and pending frames). */
    long bytesHeld() {
        return (current != null ? current.bytes : 0) + pending.bytes;
    }

    /** The packets of one keyframe, in sequence order. */
    static final class Frame {
        private final ByteBuf[] packets = new ByteBuf[MAX_PACKETS];
        private int firstSequence = -1;
        private long timestamp;
        private long firstArrivalNanos;
        private int count;
        private int length = -1;
        private long bytes;

        private boolean started() {
            return firstSequence >= 0;
        }

        private void start(int sequence, long rtpTimestamp, long nowNanos) {
            firstSequence = sequence;
            timestamp = rtpTimestamp;
            firstArrivalNanos = nowNanos;
        }

        /** False when the packet does not fit the bounds (the frame is then given up). */
        private boolean add(ByteBuf packet, int sequence, boolean marker) {
            int index = (sequence - firstSequence) & 0xFFFF;
            if (index >= 0x8000 || (length >= 0 && index >= length)) {
                return true; // from before the keyframe start, or after its end: not part of it
            }
            if (index >= MAX_PACKETS) {
                return false;
            }
            if (packets[index] != null) {
                return true; // a duplicate
            }
            if (bytes + packet.readableBytes() > MAX_BYTES) {
                return false;
            }
            packets[index] = packet.retainedSlice();
            count++;
            bytes += packet.readableBytes();
            if (marker) {
                length = index + 1;
            }
            return true;
        }

        private boolean complete() {
            return length > 0 && count == length;
        }

        private void clear() {
            for (int i = 0; i < packets.length && count > 0; i++) {
                if (packets[i] != null) {
                    packets[i].release();
                    packets[i] = null;
                    count--;
                }
            }
            firstSequence = -1;
            length = -1;
            bytes = 0;
            count = 0;
        }

        int size() {
            return length;
        }

        /** Packet {@code i} of the frame (0 starts the keyframe), borrowed. */
        ByteBuf packet(int i) {
            return packets[i];
        }

        int firstSequence() {
            return firstSequence;
        }

        int lastSequence() {
            return (firstSequence + length - 1) & 0xFFFF;
        }

        long timestamp() {
            return timestamp;
        }

        long arrivalNanos() {
            return firstArrivalNanos;
        }

        long bytes() {
            return bytes;
        }
    }
}
