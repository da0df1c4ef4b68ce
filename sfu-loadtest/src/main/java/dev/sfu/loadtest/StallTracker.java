package dev.sfu.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds stalls, which sequence gaps cannot show (nothing arrives to show a gap): a subscription whose
 * publisher keeps sending but which has received nothing for at least the threshold. Fed once per sample
 * with every subscription's counts; times are {@code System.nanoTime()} values passed in (tests pass their
 * own).
 *
 * <p>A stall lasts from the subscription's last packet before the silence (or the window's start, if that was
 * earlier) until its next packet (or the window's end); it is counted when a sample first sees the silence at
 * or past the threshold. The publisher "kept sending" when its stamp counter for that kind moved since the
 * sample that last saw the subscription receive (or since the window's start).
 *
 * <p>Not thread-safe: the measuring thread owns it.
 */
final class StallTracker {
    /** One subscription's state between samples. */
    private static final class Subscription {
        final String subscriber;
        final String mid;
        final String kind;
        final String publisher;
        long packets;
        long silentSince;
        long publisherSentThen;
        boolean stalled;
        long stalledSince;
        int stalls;
        long stalledNanos;

        Subscription(String subscriber, String mid, String kind, String publisher) {
            this.subscriber = subscriber;
            this.mid = mid;
            this.kind = kind;
            this.publisher = publisher;
        }
    }

    /** What one sample saw: stalls that began, subscriptions stalled now. */
    record Sample(int stallsStarted, int stalledNow) {}

    private final long thresholdNanos;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private long windowStart;
    private int started;
    private int stalledNow;

    StallTracker(long thresholdNanos) {
        this.thresholdNanos = thresholdNanos;
    }

    /** The measured window starts: silences before it count from here. */
    void start(long now) {
        windowStart = now;
    }

    /**
     * One subscription at this sample.
     *
     * @param packets what it received so far
     * @param lastArrivalNanos when its last packet arrived (0: none yet)
     * @param resumedNanos when a packet last ended a silence of at least the threshold (0: never)
     * @param publisherSent the publisher's packets of this kind so far
     */
    void observe(String subscriber, String mid, String kind, String publisher, long packets, long lastArrivalNanos,
            long resumedNanos, long publisherSent, long now) {
        String key = subscriber + '/' + mid;
        Subscription s = subscriptions.get(key);
        if (s == null) {
            s = new Subscription(subscriber, mid, kind, publisher);
            s.packets = packets;
            s.silentSince = Math.max(windowStart, lastArrivalNanos);
            s.publisherSentThen = publisherSent;
            subscriptions.put(key, s);
        } else if (packets != s.packets) {
            if (s.stalled) {
                long end = resumedNanos > s.stalledSince ? Math.min(resumedNanos, now) : now;
                s.stalledNanos += end - s.stalledSince;
                s.stalled = false;
            }
            s.packets = packets;
            s.silentSince = Math.max(windowStart, lastArrivalNanos);
            s.publisherSentThen = publisherSent;
        }
        if (!s.stalled && now - s.silentSince >= thresholdNanos
                && publisherSent > s.publisherSentThen) {
            s.stalled = true;
            s.stalledSince = s.silentSince;
            s.stalls++;
            started++;
        }
        if (s.stalled) {
            stalledNow++;
        }
    }

    /**
     * A subscriber left (churn): a stall still open on it ends now, and subscriptions that never stalled are
     * forgotten; it is not observed again.
     */
    void leave(String subscriber, long now) {
        subscriptions.values().removeIf(s -> {
            if (!s.subscriber.equals(subscriber)) {
                return false;
            }
            if (s.stalled) {
                s.stalledNanos += now - s.stalledSince;
                s.stalled = false;
            }
            return s.stalls == 0;
        });
    }

    /** Closes the sample: the stalls it found. */
    Sample endSample() {
        Sample sample = new Sample(started, stalledNow);
        started = 0;
        stalledNow = 0;
        return sample;
    }

    /** The window ends: stalls still open last until now. */
    void finish(long now) {
        for (Subscription s : subscriptions.values()) {
            if (s.stalled) {
                s.stalledNanos += now - s.stalledSince;
                s.stalledSince = now;
            }
        }
    }

    /** Stall events over the window. */
    int stalls() {
        int n = 0;
        for (Subscription s : subscriptions.values()) {
            n += s.stalls;
        }
        return n;
    }

    /** The subscriptions that stalled at least once, in the order they were first seen. */
    List<Report.Stall> stalled() {
        List<Report.Stall> list = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (s.stalls > 0) {
                list.add(new Report.Stall(s.subscriber, s.mid, s.kind, s.publisher, s.stalls,
                        s.stalledNanos / 1_000_000, s.stalled));
            }
        }
        return list;
    }

    /** The window's stalls for the report: events, subscriptions, time stalled and each subscription. */
    Report.Stalls summary() {
        List<Report.Stall> stalled = stalled();
        long millis = 0;
        for (Report.Stall st : stalled) {
            millis += st.stalledMillis();
        }
        return new Report.Stalls(stalls(), stalled.size(), millis, stalled);
    }
}
