package dev.sfu.loadtest;

import dev.sfu.peer.PeerStats;
import dev.sfu.peer.PeerTap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Subscriber churn during the measured window ({@code --churn N}): N times a minute the oldest subscriber
 * leaves (it closes its signaling socket and its peer) and a new subscriber joins the same room in its place
 * (join, offer, ICE, DTLS, SRTP while the others' media flows). The leave happens on this class's thread on
 * schedule; the join runs on the join pool, so a slow join does not hold up the next replacement.
 *
 * <p>A leaving subscriber is taken out of the run's subscriber list (its monitor guards the list) before it is
 * closed, and its last figures go to {@link ChurnStats} under the same monitor, so sums over "the subscribers
 * now plus those gone" never drop and nothing is counted twice. Its name goes to {@link #departed()} for the
 * stall tracker. A newcomer joins the list once its media is keyed, with {@link LoadClient#activeSinceNanos}
 * set so that its silence before that is not a stall.
 */
final class Churn {
    /** Joins one subscriber and waits for its media (retrying once), or throws. */
    interface Joiner {
        LoadClient join(String room, String name) throws Exception;
    }

    private final ChurnSchedule schedule;
    private final List<LoadClient> subscribers;
    private final Joiner joiner;
    private final ExecutorService pool;
    private final Set<Integer> publisherIds;
    private final boolean simulcast;
    final ChurnStats stats = new ChurnStats();
    private final Queue<String> departed = new ConcurrentLinkedQueue<>();
    /** Newcomers still in the run -> when they started to join. */
    private final Map<LoadClient, Long> newcomers = new ConcurrentHashMap<>();
    private final List<Future<?>> joins = new ArrayList<>();
    private volatile boolean stopping;
    private Thread thread;
    private int stillJoining;

    Churn(ChurnSchedule schedule, List<LoadClient> subscribers, Joiner joiner, ExecutorService pool,
            Set<Integer> publisherIds, boolean simulcast) {
        this.schedule = schedule;
        this.subscribers = subscribers;
        this.joiner = joiner;
        this.pool = pool;
        this.publisherIds = Set.copyOf(publisherIds);
        this.simulcast = simulcast;
    }

    /** Starts replacing subscribers on schedule from this window start (does nothing when churn is off). */
    void start(long windowStartNanos) {
        if (!schedule.enabled()) {
            return;
        }
        thread = new Thread(() -> loop(windowStartNanos), "load-churn");
        thread.setDaemon(true);
        thread.start();
    }

    /** Not interrupted to stop (a leave under way finishes cleanly): it looks at {@code stopping} every 50 ms. */
    private void loop(long t0) {
        long k = 1;
        while (!stopping) {
            long wait = t0 + schedule.dueAtNanos(k) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                continue;
            }
            replace(k++);
        }
    }

    private void replace(long k) {
        LoadClient victim;
        synchronized (subscribers) {
            victim = subscribers.isEmpty() ? null : subscribers.get(0);
        }
        if (victim == null) {
            stats.joinFailed("churn " + k + ": no subscriber left to replace");
            return;
        }
        leave(victim);
        String room = victim.room;
        String name = "churn-" + k;
        long joinStart = System.nanoTime();
        synchronized (joins) {
            joins.add(pool.submit(() -> join(room, name, joinStart)));
        }
    }

    private void leave(LoadClient victim) {
        PeerStats last = null;
        try {
            last = victim.stats().get(2, TimeUnit.SECONDS); // also a hop onto its loop: its counters are ours
        } catch (Exception e) {
            // counted with zeros
        }
        long[] delivery = ChurnStats.delivery(victim.received.values(), publisherIds, simulcast);
        synchronized (subscribers) {
            subscribers.remove(victim);
            stats.left(PeerTotals.of(last, PeerTap.payloadBytesSent(victim.peer)), victim.signalingErrors.get(),
                    delivery);
        }
        Long joinStart = newcomers.remove(victim);
        if (joinStart != null) {
            stats.firstMedia(ChurnStats.firstMedia(victim.received.values(), joinStart));
        }
        departed.add(victim.peer.config().name());
        victim.close();
    }

    private void join(String room, String name, long joinStart) {
        try {
            LoadClient c = joiner.join(room, name);
            c.activeSinceNanos = System.nanoTime();
            newcomers.put(c, joinStart);
            synchronized (subscribers) {
                subscribers.add(c);
                stats.joined();
            }
        } catch (Exception e) {
            stats.joinFailed(name + ": " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    /** Names of subscribers that left since the last call (for the stall tracker). */
    List<String> departed() {
        List<String> names = new ArrayList<>();
        for (String n; (n = departed.poll()) != null; ) {
            names.add(n);
        }
        return names;
    }

    /**
     * Stops replacing and waits for the joins under way (each at most connect's own bound, two attempts);
     * a join not done by then is cancelled and reported as still joining.
     */
    void stop() throws InterruptedException {
        stopping = true;
        if (thread == null) {
            return;
        }
        thread.join(TimeUnit.SECONDS.toMillis(LoadClient.WAIT_SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoadClient.WAIT_SECONDS * 4 + 5);
        synchronized (joins) {
            for (Future<?> f : joins) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    if (!f.isDone()) {
                        f.cancel(true);
                        stillJoining++;
                    }
                }
            }
            joins.clear();
        }
    }

    /** The report, once the run's media stopped: newcomers still in the run give their first-media times now. */
    Report.Churn report() {
        for (Map.Entry<LoadClient, Long> e : newcomers.entrySet()) {
            stats.firstMedia(ChurnStats.firstMedia(e.getKey().received.values(), e.getValue()));
        }
        newcomers.clear();
        return stats.report(schedule.perMinute(), stillJoining);
    }
}
