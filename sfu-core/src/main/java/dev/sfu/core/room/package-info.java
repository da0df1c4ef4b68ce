/**
 * Rooms and forwarding. One {@code RoomRegistry} per media loop owns the loop's {@code Room}s and builds their
 * objects with the loop's {@code RoomContext} (clock, counters, timer, allocator, settings); children talk up only
 * through small listeners their parent implements ({@code ParticipantListener}).
 *
 * <ul>
 *   <li>{@link dev.sfu.core.room.Participant}: publishes tracks ({@code Publication}: one incoming track, its
 *       {@code Layer}s with their caches, upstream recovery and keyframe governor) and receives others' tracks
 *       ({@code Subscription}: one outgoing, rewritten stream). Its parts: {@code IncomingRtpRouter} (SSRC demux),
 *       {@code RtcpDispatcher}, {@code ReceiverAllocation} (layers, REMB hold, probe padding),
 *       {@code UpstreamRepair} (NACK, PLI/FIR), {@code ParticipantReports} (SR/RR, with
 *       {@code SubscriptionReports} per outgoing stream and {@code ReportCompounds}), {@code RtpSender} (the one
 *       way out for its subscriptions' RTP), {@code RtcpSender} (the one way RTCP goes to it),
 *       {@code ParticipantProfile} (identity, metadata, permissions), {@code NegotiationState}.</li>
 *   <li>A subscription's parts: {@code LayerSelection}, {@code ReceiverFormat}, {@code StreamRewriter}, {@code Retransmitter},
 *       {@code CachedKeyframeStart}, {@code InsertedPackets}.</li>
 *   <li>{@code SourcePacket}: an incoming packet copied and parsed once (its VP8 fields in {@code Vp8Fields});
 *       everything downstream reads it.</li>
 *   <li>{@code Snapshots}: the read model of the objects above, built on demand for room control.</li>
 *   <li>{@code Membership} (joins, offers through {@code SessionNegotiator}, which plans
 *       the answer, and {@code NegotiatedTracks}, which applies it; departures), {@code LoopTimers}
 *       (the loop's periodic work) and {@code RoomTable} (the rooms, their lifecycle and counts), all the
 *       registry's.</li>
 * </ul>
 *
 * <p>Everything here is confined to the media event loop: no locks, no per-packet allocation beyond the
 * pooled buffer a resend or padding packet lives in.
 */
package dev.sfu.core.room;
