package dev.sfu.core.engine;

import dev.sfu.core.time.MonotonicClock;
import dev.sfu.core.transport.AllowedNetworks;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of the media plane.
 *
 * @param bindAddress where the shared UDP socket listens (port 0 picks a free one)
 * @param announcedAddress the address put in ICE candidates (what clients send to); for NAT and containers
 * @param allowedNetworks where ICE checks may come from; others are never answered
 * @param maxRooms rooms that may exist at once
 * @param maxParticipantsPerRoom participants per room
 * @param consentTimeout how long a participant may go without ICE checks before it is dropped (RFC 7675)
 * @param publisherBitrateHintBps the REMB the server sends to publishers so browsers raise their bitrate
 * @param clock time source for timers
 */
public record MediaConfig(InetSocketAddress bindAddress, String announcedAddress, AllowedNetworks allowedNetworks,
        int maxRooms, int maxParticipantsPerRoom, Duration consentTimeout, long publisherBitrateHintBps,
        MonotonicClock clock) {

    public static MediaConfig defaults() {
        return new MediaConfig(new InetSocketAddress("0.0.0.0", 10000), "127.0.0.1", AllowedNetworks.any(), 100, 50,
                Duration.ofSeconds(30), 2_500_000, MonotonicClock.system());
    }

    public MediaConfig withBindAddress(InetSocketAddress address) {
        return new MediaConfig(address, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock);
    }

    public MediaConfig withAnnouncedAddress(String address) {
        return new MediaConfig(bindAddress, address, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock);
    }

    public MediaConfig withAllowedNetworks(AllowedNetworks networks) {
        return new MediaConfig(bindAddress, announcedAddress, networks, maxRooms, maxParticipantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock);
    }

    public MediaConfig withLimits(int rooms, int participantsPerRoom) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, rooms, participantsPerRoom,
                consentTimeout, publisherBitrateHintBps, clock);
    }

    public MediaConfig withConsentTimeout(Duration timeout) {
        return new MediaConfig(bindAddress, announcedAddress, allowedNetworks, maxRooms, maxParticipantsPerRoom,
                timeout, publisherBitrateHintBps, clock);
    }
}
