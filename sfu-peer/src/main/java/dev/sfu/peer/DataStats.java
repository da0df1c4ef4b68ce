package dev.sfu.peer;

/**
 * Counters of a Java peer's data channels.
 *
 * @param messagesReceived whole messages received (after joining their parts)
 * @param discardedParts DISCARD parts the SFU sent (a message it could not finish to this peer)
 * @param malformed parts that were not a valid envelope, or joined past the peer's limit
 * @param bufferedAmount bytes this peer has queued in SCTP, not yet acknowledged
 * @param closedReason why the association closed; null while it is up
 */
public record DataStats(long messagesReceived, long discardedParts, long malformed, long bufferedAmount,
        String closedReason) {}
