package dev.sfu.core.engine;

import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.model.UnsupportedTrack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Records what the media plane tells one participant; thread-safe, waits are bounded. Public for the end-to-end
 * tests with Java peers in sfu-peer (through sfu-core's test-jar).
 */
public final class RecordingObserver implements ParticipantObserver {
    public final List<ParticipantSnapshot> joined = new CopyOnWriteArrayList<>();
    public final List<String> left = new CopyOnWriteArrayList<>();
    public final List<TrackSnapshot> published = new CopyOnWriteArrayList<>();
    public final List<TrackSnapshot> unpublished = new CopyOnWriteArrayList<>();
    public final List<UnsupportedTrack> unsupported = new CopyOnWriteArrayList<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    /** The codes of {@code dataRefused} calls, in order. */
    public final List<String> dataRefusals = new CopyOnWriteArrayList<>();

    @Override
    public void dataRefused(String code, String message) {
        dataRefusals.add(code);
    }
    public final CompletableFuture<Long> drainDeadline = new CompletableFuture<>();

    @Override
    public void participantJoined(ParticipantSnapshot participant) {
        joined.add(participant);
    }

    @Override
    public void participantLeft(String participantId) {
        left.add(participantId);
    }

    @Override
    public void trackPublished(TrackSnapshot track) {
        published.add(track);
    }

    @Override
    public void trackUnpublished(TrackSnapshot track) {
        unpublished.add(track);
    }

    @Override
    public void trackUnsupported(UnsupportedTrack track) {
        unsupported.add(track);
    }

    @Override
    public void closed(String reason) {
        closed.complete(reason);
    }

    @Override
    public void draining(long deadlineMillis) {
        drainDeadline.complete(deadlineMillis);
    }

    public List<TrackSnapshot> publishedBy(String participantId) {
        List<TrackSnapshot> out = new ArrayList<>();
        for (TrackSnapshot t : published) {
            if (t.participantId().equals(participantId)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Polls every 20 ms until the condition holds or the timeout passes; returns the last evaluation. */
    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
