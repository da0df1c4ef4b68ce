/**
 * Rooms and forwarding: {@link dev.sfu.core.room.Participant}s publish tracks
 * ({@code Publication}: one incoming stream) and receive others' tracks ({@code Subscription}: one outgoing,
 * rewritten stream). {@code SessionNegotiator} turns each client offer into the answer and these objects;
 * {@code KeyframeRequester} merges and throttles PLIs per track; {@code ParticipantReports} reads and writes
 * the RTCP sender/receiver reports of one participant ({@code SubscriptionReports} per outgoing stream,
 * {@code ReportCompounds} packs them) and makes its per-stream statistics.
 *
 * <p>Everything here is confined to the media event loop: no locks, no per-packet allocation beyond the
 * pooled buffer each receiver's copy lives in.
 */
package dev.sfu.core.room;
