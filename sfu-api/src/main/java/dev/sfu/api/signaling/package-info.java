/**
 * The per-participant signaling WebSocket (docs/protocol.md). {@link dev.sfu.api.signaling.SignalingEndpoint}
 * mounts it; each connection is a {@code SignalingSession}, which keeps the session's state and hands each message
 * to the part with that job: {@code JoinFlow} (join), {@code Negotiation} (offer, trackSettings),
 * {@code RoomEventRelay} (the media plane's events), all writing through one {@code ClientChannel} (a request's replies and errors through its {@code Reply}, which
 * echoes the request id) and building
 * what they send with {@code ServerMessages}. {@code MessageRate}, {@code Keepalive} and
 * {@link dev.sfu.api.signaling.SignalingLimits} bound what one connection may cost.
 */
package dev.sfu.api.signaling;
