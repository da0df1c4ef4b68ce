package dev.sfu.core.model;

import dev.sfu.core.model.MediaConfig;
import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.AllowedNetworks;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of the media plane.
 *
 * @param bindAddress where the first media loop's UDP socket listens; loop {@code i} binds the port + {@code i}
 *     (port 0: every loop picks a free one)
 * @param announcedAddress the address put in ICE candidates (what clients send to); for NAT and containers
 * @param allowedNetworks where ICE checks may come from; others are never answered
 * @param maxRooms rooms that may exist at once
 * @param maxParticipantsPerRoom participants per room
 * @param consentTimeout how long a participant may go without ICE checks before it is dropped (RFC 7675)
 * @param publisherBitrateHintBps the REMB the server sends to publishers so browsers raise their bitrate
 * @param clock time source for timers
 * @param keyframeCacheMaxAge how old a video layer's cached keyframe may be for a new receiver or a layer switch
 *     to start from it instead of asking the publisher for a keyframe; zero turns the keyframe cache off
 * @param mediaLoops media event loops, each with its own UDP port and its own rooms (1..{@value #MAX_MEDIA_LOOPS})
 * @param maxTracksPerParticipant sending audio/video m-lines one participant's offer may have (a simulcast video
 *     is one); an offer with more is refused ({@code too_many_tracks})
 * @param dataLimits message size, send budget and rates of each participant's data channels
 */
public record MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
        int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
        MonotonicClock clock, Duration keyframeCacheMaxAge, int mediaLoops, int maxTracksPerParticipant,
        DataLimits dataLimits) {

    /** The default of {@link #maxTracksPerParticipant}: camera, microphone, a screen and its audio, with room. */
    public static final int DEFAULT_MAX_TRACKS_PER_PARTICIPANT = 8;
    /** The default of {@link #keyframeCacheMaxAge}: one second (docs/configuration.md says why). */
    public static final Duration DEFAULT_KEYFRAME_CACHE_MAX_AGE = Duration.ofSeconds(1);
    /** More loops than this would only add ports: a room never spans loops, and 16 cores are a big media host. */
    public static final int MAX_MEDIA_LOOPS = 16;

    public MediaConfig {
        if (maxTracksPerParticipant < 1) {
            throw new IllegalArgumentException("max tracks per participant must be positive: "
                    + maxTracksPerParticipant);
        }
        if (keyframeCacheMaxAge.isNegative() || keyframeCacheMaxAge.toMillis() > 2_000) {
            throw new IllegalArgumentException("keyframe cache max age must be 0..2000 ms: " + keyframeCacheMaxAge);
        }
        if (mediaLoops < 1 || mediaLoops > MAX_MEDIA_LOOPS) {
            throw new IllegalArgumentException("media loops must be 1.." + MAX_MEDIA_LOOPS + ": " + mediaLoops);
        }
        if (bindAddress.getPort() != 0 && bindAddress.getPort() + mediaLoops - 1 > 65535) {
            throw new IllegalArgumentException("UDP ports " + bindAddress.getPort() + ".." + (bindAddress.getPort()
                    + mediaLoops - 1) + " do not fit below 65536");
        }
    }

    /** One media loop per available processor, at most {@value #MAX_MEDIA_LOOPS}. */
    public static int defaultMediaLoops() {
        return Math.max(1, Math.min(MAX_MEDIA_LOOPS, Runtime.getRuntime().availableProcessors()));
    }

    /** With the default data channel limits. */
    public MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
            int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
            MonotonicClock clock, Duration keyframeCacheMaxAge, int mediaLoops, int maxTracksPerParticipant) {
        this(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom, consentTimeout,
                publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                DataLimits.DEFAULTS);
    }

    /** With the default track limit. */
    public MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
            int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
            MonotonicClock clock, Duration keyframeCacheMaxAge, int mediaLoops) {
        this(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom, consentTimeout,
                publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, DEFAULT_MAX_TRACKS_PER_PARTICIPANT);
    }

    /** With {@link #defaultMediaLoops()} loops. */
    public MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
            int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
            MonotonicClock clock, Duration keyframeCacheMaxAge) {
        this(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom, consentTimeout,
                publisherBitrateHintBps, clock, keyframeCacheMaxAge, defaultMediaLoops());
    }

    /** With the keyframe cache at its default. */
    public MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
            int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
            MonotonicClock clock) {
        this(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom, consentTimeout,
                publisherBitrateHintBps, clock, DEFAULT_KEYFRAME_CACHE_MAX_AGE);
    }

    public static MediaConfig defaults() {
        return new MediaConfig(new InetSocketAddress("0.0.0.0", 10000), "127.0.0.1", AllowedNetworks.any(), 100, 50,
                Duration.ofSeconds(30), 2_500_000, MonotonicClock.system());
    }

    /** Zero turns the keyframe cache off. */
    public MediaConfig withKeyframeCacheMaxAge(Duration maxAge) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, maxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    /** Media event loops (1 keeps every room on one loop and one UDP port). */
    public MediaConfig withMediaLoops(int loops) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, loops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withBindAddress(InetSocketAddress address) {
        return new MediaConfig(address, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withAnnouncedAddress(String address) {
        return new MediaConfig(bindAddress, address, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withAllowedNetworks(AllowedNetworks networks) {
        return new MediaConfig(bindAddress, announcedAddress, networks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withLimits(int rooms, int participantsPerRoom) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, rooms, participantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withConsentTimeout(Duration timeout) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                timeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                dataLimits);
    }

    public MediaConfig withMaxTracksPerParticipant(int tracks) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, tracks, dataLimits);
    }

    public MediaConfig withDataLimits(DataLimits limits) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock, keyframeCacheMaxAge, mediaLoops, maxTracksPerParticipant,
                limits);
    }
}
