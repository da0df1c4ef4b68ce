package dev.sfu.peer;

/**
 * What arrived on one incoming SSRC, copied off the peer's event loop.
 *
 * @param mid the m-line the answer announced this SSRC on, or null when the SSRC was not announced
 * @param kind "audio" or "video" (from the payload type)
 * @param packets packets that decrypted and parsed
 * @param payloadBytes RTP payload bytes of those packets
 * @param firstSequence the sequence number of the first packet
 * @param highestSequence the highest extended sequence number
 * @param missing sequence numbers skipped (forward gaps)
 * @param outOfOrder packets older than the highest seen (reordered or duplicated)
 * @param firstWasKeyframeStart video: the first packet started a keyframe (always true for audio)
 * @param keyframes packets that start a keyframe
 * @param frames packets with the marker bit (video: complete frames)
 * @param senderId the sender id stamped in the first payload, or -1
 * @param senderIdChanges payloads whose sender id differed from the first
 * @param kindMismatches payloads stamped with the other media kind
 * @param corrupt payloads whose stamp CRC failed
 * @param stampCounterGaps publisher packet counters skipped (loss before the SFU, or at it)
 * @param minLatencyMicros smallest send-to-receive time (same JVM clock), or -1
 * @param maxLatencyMicros largest send-to-receive time, or -1
 * @param meanLatencyMicros mean send-to-receive time, or -1
 * @param timestampRegressions packets in sequence order whose RTP timestamp went back
 * @param lastKeyframeWidth video: the width written in the last keyframe (tells the simulcast layer), or -1
 * @param lastKeyframeHeight video: its height, or -1
 * @param firstKeyframeNanos System.nanoTime() when the first keyframe started arriving, or -1
 * @param keyframeSizeChangedNanos System.nanoTime() of the last keyframe whose size differed from the one
 *     before (the first keyframe included): when the receiver started getting another layer, or -1
 * @param layer the publisher's simulcast layer stamped in the last payload, or -1
 * @param layerChanges payloads whose stamped layer differed from the one before
 * @param layerChangesWithoutKeyframe of those, the ones that did not start a keyframe (undecodable)
 * @param gapsFilled skipped sequence numbers that arrived later (retransmitted or reordered): a stream
 *     with {@code missing == gapsFilled} has no hole left
 */
public record InboundStreamStats(long ssrc, String mid, String kind, int payloadType, long packets,
        long payloadBytes, int firstSequence, long highestSequence, long missing, long outOfOrder,
        boolean firstWasKeyframeStart, long keyframes, long frames, int senderId, long senderIdChanges,
        long kindMismatches, long corrupt, long stampCounterGaps, long minLatencyMicros, long maxLatencyMicros,
        long meanLatencyMicros, long timestampRegressions, int lastKeyframeWidth, int lastKeyframeHeight,
        long firstKeyframeNanos, long keyframeSizeChangedNanos, int layer, long layerChanges,
        long layerChangesWithoutKeyframe, long gapsFilled) {}
