/**
 * The media plane's Java API for the control plane: start an {@link dev.sfu.core.engine.SfuEngine}, join
 * rooms, hand over SDP offers, read snapshots. Every call is thread-safe and returns a future; the work
 * runs on the media event loop of the room (one of several {@code MediaShard}s, each with
 * its own UDP port and rooms), routed there by {@code MediaShards} and {@code RoomPlacements}.
 */
package dev.sfu.core.engine;
