package dev.sfu.core.rtx;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;

/**
 * Recent packets of one incoming (decrypted) RTP stream, kept so NACKs from any of its subscribers are
 * answered by the server instead of the publisher. One cache per publisher stream (simulcast layer),
 * shared by all subscriptions to it: it holds references, not copies.
 *
 * <pre>
 *   put(packet)  retains a slice of the packet into slot (seq mod capacity)
 *                  an older packet in that slot (sequence wrap) is released: overwritten
 *                  then, oldest first: released when older than maxAge, or while over maxBytes
 *   get(seq)     the packet if held and not older than maxAge, else null   (borrowed, not retained)
 *   expire()     releases what aged out (call from a timer, so a silent stream lets go of its buffers)
 *   close()      releases everything
 *
 *   slots:  packet[] seq[] storedAt[] generation[]     indexed by seq &amp; (capacity - 1)
 *   order:  FIFO of (slot, generation) in insertion order: the eviction order
 * </pre>
 *
 * <p>Buffers: {@link #put} takes {@code packet.retainedSlice()} of the readable bytes, so the caller
 * keeps (and releases) its own reference as before, and the slice is immune to index changes. A buffer
 * from {@link #get} is borrowed: valid on this event loop until the next {@link #put}, {@link #expire}
 * or {@link #close}; retain it (or copy it) to keep it longer. The bytes must not change after
 * {@code put}: store decrypted packets that nothing rewrites in place afterwards.
 *
 * <p>Not thread-safe: confined to the event loop of the publisher's room. Nothing allocates after
 * construction except Netty's pooled slice objects.
 */
public final class RetransmissionCache implements AutoCloseable {
    /** Audio: 1 s of packets (Opus at 20 ms: 50). */
    public static final long AUDIO_MAX_AGE_MILLIS = 1_000;
    /** Video: 2 s. */
    public static final long VIDEO_MAX_AGE_MILLIS = 2_000;

    private final MonotonicClock clock;
    private final long maxAgeNanos;
    private final long maxBytes;
    private final int mask;
    private final ByteBuf[] packets;
    private final int[] seqs;
    private final long[] storedAt;
    private final int[] generations;
    private final int[] fifoSlot;
    private final int[] fifoGeneration;
    private int fifoHead;
    private int fifoCount;
    private int generation;
    private int size;
    private long bytes;
    private boolean closed;

    private long evictedByAge;
    private long evictedBySize;
    private long overwritten;
    private long hits;
    private long misses;

    /**
     * @param capacity packets held at most, a power of two (also the sequence distance that overwrites)
     * @param maxBytes bytes held at most (readable bytes of the packets)
     */
    public RetransmissionCache(MonotonicClock clock, long maxAgeMillis, int capacity, long maxBytes) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || capacity > 1 << 15) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        if (maxAgeMillis <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.clock = clock;
        this.maxAgeNanos = maxAgeMillis * 1_000_000L;
        this.maxBytes = maxBytes;
        this.mask = capacity - 1;
        this.packets = new ByteBuf[capacity];
        this.seqs = new int[capacity];
        this.storedAt = new long[capacity];
        this.generations = new int[capacity];
        this.fifoSlot = new int[capacity];
        this.fifoGeneration = new int[capacity];
    }

    /** 1 s, 512 packets, 512 kB. */
    public static RetransmissionCache forAudio(MonotonicClock clock) {
        return new RetransmissionCache(clock, AUDIO_MAX_AGE_MILLIS, 512, 512 * 1024);
    }

    /** 2 s, 2048 packets (8 Mbps of 1200-byte packets), 4 MB. */
    public static RetransmissionCache forVideo(MonotonicClock clock) {
        return new RetransmissionCache(clock, VIDEO_MAX_AGE_MILLIS, 2048, 4 * 1024 * 1024);
    }

    /** Stores a reference to {@code packet} (a well-formed RTP packet) under its sequence number. */
    public void put(ByteBuf packet) {
        put(packet, RtpPacket.sequenceNumber(packet));
    }

    /** {@link #put(ByteBuf)} with the sequence number already read (the routing parses each packet once). */
    public void put(ByteBuf packet, int seq) {
        if (closed) {
            return;
        }
        int length = packet.readableBytes();
        long now = clock.nanos();
        int slot = seq & mask;
        if (packets[slot] != null) {
            overwritten++;
            release(slot);
        }
        evict(now, length);
        if (fifoCount == fifoSlot.length) {
            // the order is full (stale entries of overwritten slots count): drop the oldest
            int front = fifoSlot[fifoHead];
            if (packets[front] != null && generations[front] == fifoGeneration[fifoHead]) {
                evictedBySize++;
                release(front);
            }
            popFront();
        }
        generation++;
        packets[slot] = packet.retainedSlice();
        seqs[slot] = seq;
        storedAt[slot] = now;
        generations[slot] = generation;
        int tail = (fifoHead + fifoCount) & mask;
        fifoSlot[tail] = slot;
        fifoGeneration[tail] = generation;
        fifoCount++;
        size++;
        bytes += length;
    }

    /** The packet with sequence number {@code seq}, borrowed (see the class comment), or null. */
    public ByteBuf get(int seq) {
        int slot = seq & mask;
        ByteBuf packet = packets[slot];
        if (packet == null || seqs[slot] != (seq & 0xFFFF) || clock.nanos() - storedAt[slot] > maxAgeNanos) {
            misses++;
            return null;
        }
        hits++;
        return packet;
    }

    /**
     * Like {@link #get} without counting a hit or miss: for reading packets that were not NACKed (a receiver
     * starting from a cached keyframe gets the frames after it from here).
     */
    public ByteBuf peek(int seq) {
        int slot = seq & mask;
        ByteBuf packet = packets[slot];
        return packet == null || seqs[slot] != (seq & 0xFFFF) || clock.nanos() - storedAt[slot] > maxAgeNanos
                ? null : packet;
    }

    /** When the packet with {@code seq} was stored (clock nanos), or {@link Long#MIN_VALUE} when not held. */
    public long storedAtNanos(int seq) {
        int slot = seq & mask;
        return packets[slot] != null && seqs[slot] == (seq & 0xFFFF) ? storedAt[slot] : Long.MIN_VALUE;
    }

    /** Releases the packets older than the age bound. */
    public void expire() {
        evict(clock.nanos(), 0);
    }

    private void evict(long now, int incoming) {
        while (fifoCount > 0) {
            int slot = fifoSlot[fifoHead];
            boolean live = packets[slot] != null && generations[slot] == fifoGeneration[fifoHead];
            if (!live) {
                popFront();
                continue;
            }
            if (now - storedAt[slot] > maxAgeNanos) {
                evictedByAge++;
            } else if (bytes + incoming > maxBytes) {
                evictedBySize++;
            } else {
                return;
            }
            release(slot);
            popFront();
        }
    }

    private void popFront() {
        fifoHead = (fifoHead + 1) & mask;
        fifoCount--;
    }

    private void release(int slot) {
        ByteBuf packet = packets[slot];
        packets[slot] = null;
        size--;
        bytes -= packet.readableBytes();
        packet.release();
    }

    /** Releases every packet; later puts are ignored. */
    @Override
    public void close() {
        closed = true;
        for (int slot = 0; slot < packets.length; slot++) {
            if (packets[slot] != null) {
                release(slot);
            }
        }
        fifoCount = 0;
    }

    public int size() {
        return size;
    }

    public long bytes() {
        return bytes;
    }

    public long evictedByAge() {
        return evictedByAge;
    }

    public long evictedBySize() {
        return evictedBySize;
    }

    public long overwritten() {
        return overwritten;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
