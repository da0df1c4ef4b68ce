package dev.sfu.core.room;

/**
 * Makes the packets a subscription forwards look like one continuous stream to the receiver, whatever
 * layer they come from: sequence numbers without gaps ({@link SequenceMapper}), timestamps that keep
 * advancing in real time across a layer switch, and VP8 picture ids / TL0PICIDX that continue where the
 * previous layer stopped. A switch happens only at a keyframe of the new layer, so nothing of the old
 * layer is referenced after it.
 *
 * <p>Allocation-free; confined to the room's event loop.
 */
final class StreamRewriter {
    private static final int PICTURE_ID_MASK = 0x7FFF;

    private final SequenceMapper sequences = new SequenceMapper();
    private final int clockRate;
    private boolean started;
    private long timestampDelta;
    private int pictureIdDelta;
    private int tl0Delta;
    private int lastPictureInDropped = -1;
    private int segmentStart;

    /**
     * The outgoing picture id given to each of the last {@value #PICTURES} incoming ones (by id mod
     * {@value #PICTURES}), so a late packet (reordered, or repaired from RTX) of a frame already sent gets the
     * same id as the rest of its frame even after temporal-layer drops moved the delta.
     */
    private static final int PICTURES = 256;
    private final int[] pictureIn = new int[PICTURES];
    private final int[] pictureOut = new int[PICTURES];

    private int lastOutSequence;
    private long lastOutTimestamp;
    private int lastOutPictureId = -1;
    private int lastOutTl0 = -1;
    private long lastOutNanos;

    StreamRewriter(int firstSequence, long firstTimestamp, int clockRate) {
        this.clockRate = clockRate;
        this.lastOutSequence = (firstSequence - 1) & 0xFFFF;
        this.lastOutTimestamp = firstTimestamp & 0xFFFFFFFFL;
        java.util.Arrays.fill(pictureIn, -1);
    }

    boolean started() {
        return started;
    }

    /**
     * Continues the outgoing stream with a new segment that starts at this packet (the first packet of a
     * keyframe, or any packet of an audio stream).
     *
     * @param pictureId the VP8 picture id of the packet, -1 if none
     * @param tl0PicIdx its TL0PICIDX, -1 if none
     */
    void startSegment(int sequence, long timestamp, int pictureId, int tl0PicIdx, long nowNanos) {
        sequences.start(sequence, lastOutSequence + 1);
        if (!started) {
            lastOutNanos = nowNanos;
        }
        long elapsedTicks = started ? Math.max(1, (nowNanos - lastOutNanos) * clockRate / 1_000_000_000L) : 0;
        timestampDelta = (lastOutTimestamp + elapsedTicks - timestamp) & 0xFFFFFFFFL;
        // The first segment keeps the publisher's numbering; later ones continue where the last one ended.
        pictureIdDelta = pictureId < 0 || lastOutPictureId < 0 ? 0 : (lastOutPictureId + 1 - pictureId) & PICTURE_ID_MASK;
        tl0Delta = tl0PicIdx < 0 || lastOutTl0 < 0 ? 0 : (lastOutTl0 + 1 - tl0PicIdx) & 0xFF;
        lastPictureInDropped = -1;
        java.util.Arrays.fill(pictureIn, -1);
        segmentStart = sequence;
        started = true;
    }

    /** False for a packet from before the current segment (or too old to map): it must not be sent. */
    boolean accepts(int sequence) {
        return started && ((sequence - segmentStart) & 0xFFFF) < 0x8000 && !sequences.isTooOld(sequence);
    }

    /**
     * The sequence number for a packet of our own (padding-only) sent now, after everything forwarded so far;
     * -1 before the first segment or when no more can be inserted here.
     */
    int insertSequence() {
        return started ? sequences.insert() : -1;
    }

    /** The newest outgoing timestamp sent (a padding packet repeats it). */
    long lastTimestamp() {
        return lastOutTimestamp;
    }

    int sequence(int in) {
        return sequences.map(in);
    }

    long timestamp(long in) {
        return (in + timestampDelta) & 0xFFFFFFFFL;
    }

    int pictureId(int in) {
        int slot = in & (PICTURES - 1);
        if (pictureIn[slot] == in) {
            return pictureOut[slot];
        }
        int out = (in + pictureIdDelta) & PICTURE_ID_MASK;
        pictureIn[slot] = in;
        pictureOut[slot] = out;
        return out;
    }

    int tl0PicIdx(int in) {
        return (in + tl0Delta) & 0xFF;
    }

    /**
     * Records a packet of the current segment that is not forwarded (an unwanted temporal layer): its
     * sequence number, and once per frame its picture id, are taken out of the outgoing numbering.
     */
    void drop(int sequence, int pictureId) {
        if (!sequences.drop(sequence)) {
            // Older than the newest (reordered, or repaired from RTX): its frame's picture id was already
            // given out or closed up; taking it out again would shift every later picture id.
            return;
        }
        if (pictureId >= 0 && pictureId != lastPictureInDropped) {
            lastPictureInDropped = pictureId;
            pictureIdDelta = (pictureIdDelta - 1) & PICTURE_ID_MASK;
        }
    }

    /** Remembers the newest values sent, where the next segment continues; reordered packets don't count. */
    void sent(int outSequence, long outTimestamp, int outPictureId, int outTl0, long nowNanos) {
        if (((outSequence - lastOutSequence) & 0xFFFF) < 0x8000) {
            lastOutSequence = outSequence;
        }
        if (((outTimestamp - lastOutTimestamp) & 0xFFFFFFFFL) < 0x80000000L) {
            if (outTimestamp != lastOutTimestamp) {
                lastOutNanos = nowNanos;
            }
            lastOutTimestamp = outTimestamp;
        }
        if (outPictureId >= 0
                && (lastOutPictureId < 0 || ((outPictureId - lastOutPictureId) & PICTURE_ID_MASK) < 0x4000)) {
            lastOutPictureId = outPictureId;
        }
        if (outTl0 >= 0 && (lastOutTl0 < 0 || ((outTl0 - lastOutTl0) & 0xFF) < 0x80)) {
            lastOutTl0 = outTl0;
        }
    }
}
