/**
 * The media plane's vocabulary, below the rooms that use it: value records (snapshots, settings, join
 * options, permissions, track preferences), the callbacks rooms call upward ({@code ParticipantObserver},
 * {@code RoomEvents}), the media configuration, counters and {@code SfuException} with its close codes.
 * Nothing here knows a room exists: {@code room} and {@code engine} depend on this package, never the other
 * way round.
 */
package dev.sfu.core.model;
