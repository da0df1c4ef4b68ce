package dev.sfu.api.shared;

import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful drain: the media plane stops accepting new rooms and tells every participant the deadline; the
 * returned future completes when the last room has ended or the deadline passed, whichever is first (the
 * server then closes what is left and exits). Started by a signal (sfu-server) or {@code POST
 * /api/v1/server/drain}; a second start returns the same future. Thread-safe.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    static final long POLL_MILLIS = 200;

    private final Vertx vertx;
    private final SfuEngine engine;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean started;
    private long deadlineMillis;

    public Drain(Vertx vertx, SfuEngine engine) {
        this.vertx = vertx;
        this.engine = engine;
    }

    public synchronized boolean started() {
        return started;
    }

    /** Completes when a drain, however started, has finished. */
    public CompletableFuture<Void> finished() {
        return done;
    }

    /** Wall-clock millis when the drain ends at the latest; 0 before it started. */
    public synchronized long deadlineMillis() {
        return deadlineMillis;
    }

    public synchronized CompletableFuture<Void> start(Duration deadline) {
        if (started) {
            return done;
        }
        started = true;
        deadlineMillis = System.currentTimeMillis() + deadline.toMillis();
        long until = deadlineMillis;
        CompletableFuture<Void> result = done;
        log.info("draining: no new rooms; ending in at most {} s ({} rooms, {} participants now)",
                deadline.toSeconds(), engine.roomCount(), engine.participantCount());
        // The poll runs on a Vert.x timer set up here, not from the media loop's callback: an exception there
        // would be swallowed by the future and the drain would never finish.
        java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean();
        engine.drain(until).whenComplete((v, failure) -> {
            if (failure != null) {
                log.warn("drain: the media plane did not take it", failure);
            }
            refusing.set(true);
        });
        vertx.setPeriodic(POLL_MILLIS, id -> {
            boolean empty = refusing.get() && engine.roomCount() == 0;
            if (empty || System.currentTimeMillis() >= until) {
                vertx.cancelTimer(id);
                log.info("drained: {}", empty ? "every room has ended" : "the deadline passed");
                result.complete(null);
            }
        });
        return result;
    }
}
