package dev.sfu.peer;

import java.util.Map;

/**
 * A peer's loss recovery counters, copied off its event loop; immutable.
 *
 * @param droppedOutgoing video packets lost on the way out on purpose ({@link JavaPeer#dropOutgoing})
 * @param nackedSequenceNumbers sequence numbers the SFU NACKed (each retry counts)
 * @param resent packets resent on those NACKs
 * @param resentAsRtx of those, the ones sent as RTX packets
 * @param notInHistory NACKed packets no longer (or never) in the send history
 * @param timesNacked how often each NACKed sequence number was NACKed
 * @param rtxReceived RTX packets received from the SFU (unwrapped into the stream they repair)
 * @param rtxReceivedBySsrc the same per RTX SSRC
 */
public record LossRecoveryStats(long droppedOutgoing, long nackedSequenceNumbers, long resent, long resentAsRtx,
        long notInHistory, Map<Integer, Integer> timesNacked, long rtxReceived, Map<Long, Long> rtxReceivedBySsrc) {}
