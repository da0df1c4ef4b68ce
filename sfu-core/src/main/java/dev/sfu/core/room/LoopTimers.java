package dev.sfu.core.room;

import dev.sfu.core.model.MediaConfig;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The media loop's periodic work over every participant of its rooms, on the loop's own timer:
 *
 * <pre>
 *   every 20 ms    upstream NACKs and keyframe requests ({@link UpstreamRepair}, within ~20 ms of the reorder
 *                  window, retries spaced by the RTT), probe padding in 20 ms slices, and every third tick
 *                  transport-cc feedback to publishers
 *   every 500 ms   layer allocation (layers start and stop without a signal: the publisher's encoder decides)
 *   every 1 s      room housekeeping (empty timeouts), ICE consent (RFC 7675): a participant that lost it is
 *                  dropped; the others' retransmission caches expire and their RTCP reports (SR, RR, SDES) go out
 * </pre>
 *
 * <p>Confined to the media socket's event loop.
 */
final class LoopTimers {
    /** How often missing packets of publishers' video are NACKed (each packet at most once per RTT). */
    static final long FAST_TICK_MILLIS = 20;

    /** What the timers need of the registry that owns them. */
    interface Owner {
        /** Closes rooms empty for too long; runs first in each one-second tick. */
        void housekeeping();

        /** The participant lost ICE (or never had it): it is removed, its session told why. */
        void connectionLost(Participant participant, String reason);
    }

    private final MediaConfig config;
    private final Collection<Room> rooms;
    private final Owner owner;
    private int fastTicks;

    /** @param rooms the loop's rooms (a live view) */
    LoopTimers(MediaConfig config, Collection<Room> rooms, Owner owner) {
        this.config = config;
        this.rooms = rooms;
        this.owner = owner;
    }

    void start(EventLoop loop) {
        loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        loop.scheduleAtFixedRate(this::allocateAll, 500, 500, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(this::fastTick, FAST_TICK_MILLIS, FAST_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void fastTick() {
        boolean feedback = ++fastTicks % 3 == 0;
        for (Room room : rooms) {
            for (Participant participant : room.participants()) {
                participant.requestRepairs();
                if (feedback) {
                    participant.rtcp().sendTransportFeedback();
                }
                participant.sendProbePadding();
            }
        }
    }

    private void allocateAll() {
        for (Room room : rooms) {
            for (Participant participant : room.participants()) {
                participant.allocateLayers();
            }
        }
    }

    private void tick() {
        owner.housekeeping();
        for (Room room : new ArrayList<>(rooms)) {
            for (Participant participant : new ArrayList<>(room.participants())) {
                if (connectionLost(participant)) {
                    owner.connectionLost(participant, participant.transport().everChecked()
                            ? "ice consent expired: no connectivity checks or media for "
                                    + config.consentTimeout().toSeconds() + " s"
                            : "ice never connected: no connectivity check within " + config.consentTimeout().toSeconds()
                                    + " s of the answer");
                } else {
                    participant.expireRetransmissions();
                    participant.rtcp().sendReports(config.publisherBitrateHintBps());
                }
            }
        }
    }

    /**
     * Whether an answered participant lost (or never got) ICE: no authenticated check for the consent timeout,
     * counted from the first answer at the earliest. Consent is measured from the transport's creation at join,
     * so without that floor a participant that first offers later than the timeout (a viewer waiting in an empty
     * room) would be dropped at the next tick, before its checks could arrive. A participant that never offers is
     * not judged here: it has no media path to lose, and its signaling keepalive removes it once it is gone.
     */
    private boolean connectionLost(Participant participant) {
        return participant.negotiation().firstAnswerNanos() != Long.MIN_VALUE && participant.transport().consentExpired()
                && config.clock().nanos() - participant.negotiation().firstAnswerNanos() >= config.consentTimeout().toNanos();
    }
}
