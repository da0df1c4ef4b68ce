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
     * Whether a packet from before {@link #segmentStart} can still reach {@link #accepts}: true until the stream
     * is a window past it, after which such packets are too old for the mapper anyway. (Comparing with the start
     * forever would refuse every packet once the stream is 32768 numbers past it: about 160 s of video.)
     */
    private boolean segmentStartInWindow;
    /** Replaying a cached keyframe and the frames after it: each new frame one tick after the one before. */
    private boolean replaying;
    private long replayInTimestamp;
    private long replayOutTimestamp;

    /**
     * The outgoing picture id given to each of the last {@value #PICTURES} incoming ones (by id mod
     * {@value #PICTURES}), so a late packet (reordered, or repaired from RTX) of a frame already sent gets the
     * same id as the rest of its frame even after temporal-layer drops moved the delta. 15-bit ids in shorts
     * (-1: none), allocated at the first picture id: audio and H264 have none.
     */
    private static final int PICTURES = 256;
    private short[] pictureIn;
    private short[] pictureOut;

    private int lastOutSequence;
    private long lastOutTimestamp;
    private int lastOutPictureId = -1;
    private int lastOutTl0 = -1;
    private long lastOutNanos;

    StreamRewriter(int firstSequence, long firstTimestamp, int clockRate) {
        this.clockRate = clockRate;
        this.lastOutSequence = (firstSequence - 1) & 0xFFFF;
        this.lastOutTimestamp = firstTimestamp & 0xFFFFFFFFL;
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
        segmentStart = sequence;
        segmentStartInWindow = true;
        started = true;
        replaying = false;
    }

    /**
     * Starts a segment at a cached keyframe that is sent at once together with the frames after it (a burst of
     * the recent past of the layer). Their timestamps are squeezed one tick apart, so the burst does not tell
     * the receiver's jitter buffer that the stream is behind by the keyframe's age; after {@link #endReplay}
     * live frames keep their real spacing from the last replayed one. Sequence numbers and VP8 picture ids
     * continue as for any segment.
     */
    void startReplay(int sequence, long timestamp, int pictureId, int tl0PicIdx, long nowNanos) {
        startSegment(sequence, timestamp, pictureId, tl0PicIdx, nowNanos);
        replaying = true;
        replayInTimestamp = timestamp & 0xFFFFFFFFL;
        replayOutTimestamp = (timestamp + timestampDelta) & 0xFFFFFFFFL;
    }

    /**
     * Takes the next outgoing sequence number for a packet the server inserts right before the first packet of
     * the segment just started (H264 parameter sets); the segment's packets move up by one.
     */
    int insertBeforeSegment() {
        int inserted = (lastOutSequence + 1) & 0xFFFF;
        sequences.start(segmentStart, inserted + 1);
        return inserted;
    }

    /** The replay is over: live packets follow the last replayed frame at their real timestamp distance. */
    void endReplay() {
        if (replaying) {
            replaying = false;
            timestampDelta = (replayOutTimestamp - replayInTimestamp) & 0xFFFFFFFFL;
        }
    }

    /** False for a packet from before the current segment (or too old to map): it must not be sent. */
    boolean accepts(int sequence) {
        if (!started || sequences.isTooOld(sequence)) {
            return false;
        }
        if (segmentStartInWindow) {
            int sinceStart = (sequence - segmentStart) & 0xFFFF;
            if (sinceStart >= 0x8000) {
                return false;
            }
            if (sinceStart >= SequenceMapper.WINDOW) {
                segmentStartInWindow = false;
            }
        }
        return true;
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

    /** What the current segment adds to the source timestamps (mod 2^32). */
    long timestampOffset() {
        return timestampDelta;
    }

    /** The outgoing timestamp of a packet that is forwarded (in sequence order while replaying). */
    long timestamp(long in) {
        if (replaying) {
            if ((in & 0xFFFFFFFFL) != replayInTimestamp) {
                replayInTimestamp = in & 0xFFFFFFFFL;
                replayOutTimestamp = (replayOutTimestamp + 1) & 0xFFFFFFFFL;
            }
            return replayOutTimestamp;
        }
        return (in + timestampDelta) & 0xFFFFFFFFL;
    }

    int pictureId(int in) {
        if (pictureIn == null) {
            pictureIn = new short[PICTURES];
            pictureOut = new short[PICTURES];
            java.util.Arrays.fill(pictureIn, (short) -1);
        }
        int slot = in & (PICTURES - 1);
        if (pictureIn[slot] == in) {
            return pictureOut[slot];
        }
        int out = (in + pictureIdDelta) & PICTURE_ID_MASK;
        pictureIn[slot] = (short) in;
        pictureOut[slot] = (short) out;
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
