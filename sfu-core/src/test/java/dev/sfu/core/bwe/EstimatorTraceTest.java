package dev.sfu.core.bwe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimator on synthetic traces through {@link LinkSimulator}: the sender sends at the estimate, as
 * an encoder (or a layer allocation) that follows it would. Figures are printed for docs; assertions
 * leave room for the AIMD sawtooth.
 */
class EstimatorTraceTest {
    private static final long MBPS = 1_000_000;

    /** Samples the estimate every 100 ms. */
    private static final class Trace {
        final List<long[]> samples = new ArrayList<>(); // {ms since start, estimate, acked}
        final long start;
        final LinkSimulator sim;

        Trace(LinkSimulator sim) {
            this.sim = sim;
            this.start = sim.now();
        }

        void tick() {
            long ms = (sim.now() - start) / LinkSimulator.MS;
            if (ms % 100 == 0) {
                samples.add(new long[] {ms, sim.estimator.estimateBps(), sim.estimator.acknowledgedBps()});
            }
        }

        double average(long fromMs, long toMs) {
            return samples.stream().filter(s -> s[0] >= fromMs && s[0] < toMs).mapToLong(s -> s[1]).average().orElse(0);
        }

        long max(long fromMs, long toMs) {
            return samples.stream().filter(s -> s[0] >= fromMs && s[0] < toMs).mapToLong(s -> s[1]).max().orElse(0);
        }

        long min(long fromMs, long toMs) {
            return samples.stream().filter(s -> s[0] >= fromMs && s[0] < toMs).mapToLong(s -> s[1]).min().orElse(0);
        }

        /** First time at or after {@code fromMs} the estimate is at least (or, below: at most) {@code bps}. */
        long firstTime(long fromMs, long bps, boolean above) {
            return samples.stream().filter(s -> s[0] >= fromMs && (above ? s[1] >= bps : s[1] < bps))
                    .mapToLong(s -> s[0]).findFirst().orElse(-1);
        }

        String describe(long fromMs, long toMs) {
            StringBuilder sb = new StringBuilder();
            for (long[] s : samples) {
                if (s[0] >= fromMs && s[0] < toMs && s[0] % 1000 == 0) {
                    sb.append(String.format("%5.1fs %6d kbps (acked %6d)%n", s[0] / 1000.0, s[1] / 1000, s[2] / 1000));
                }
            }
            return sb.toString();
        }
    }

    private static final LinkSimulator.Source FOLLOW_ESTIMATE = SendSideBandwidthEstimator::estimateBps;

    @Test
    void constantLinkConvergesNearCapacity() {
        LinkSimulator sim = new LinkSimulator(3 * MBPS / 2, 300_000, 1);
        Trace trace = new Trace(sim);
        sim.run(60_000, FOLLOW_ESTIMATE, trace::tick);
        long reach = trace.firstTime(0, 1_200_000, true);
        double average = trace.average(20_000, 60_000);
        long max = trace.max(20_000, 60_000);
        System.out.printf("constant 1.5 Mbps: 80%% reached at %d ms; 20-60 s average %.0f kbps, min %d, max %d kbps,"
                        + " overuse decreases %d%n%s",
                reach, average / 1000, trace.min(20_000, 60_000) / 1000, max / 1000, sim.estimator.overuseDecreases(),
                trace.describe(0, 60_000));
        assertTrue(reach >= 0 && reach < 25_000, "reached 1.2 Mbps at " + reach);
        assertTrue(average > 0.75 * 1.5 * MBPS && average < 1.1 * 1.5 * MBPS, "average " + average);
        assertTrue(max < 1.3 * 1.5 * MBPS, "max " + max);
    }

    @Test
    void suddenDropToThirtyPercentThenRecovery() {
        LinkSimulator sim = new LinkSimulator(3 * MBPS / 2, 300_000, 2);
        Trace trace = new Trace(sim);
        sim.run(30_000, FOLLOW_ESTIMATE, trace::tick);
        sim.capacity(450_000);
        sim.run(30_000, FOLLOW_ESTIMATE, trace::tick);
        sim.capacity(3 * MBPS / 2);
        sim.run(40_000, FOLLOW_ESTIMATE, trace::tick);
        long below = trace.firstTime(30_000, 450_000, false) - 30_000;
        double during = trace.average(35_000, 60_000);
        long recovered = trace.firstTime(60_000, 1_200_000, true) - 60_000;
        System.out.printf("drop 1.5 Mbps -> 450 kbps at 30 s: below 450 kbps after %d ms; 35-60 s average %.0f kbps;"
                        + " back to 1.5 Mbps at 60 s: 1.2 Mbps after %d ms; 80-100 s average %.0f kbps%n%s",
                below, during / 1000, recovered, trace.average(80_000, 100_000) / 1000, trace.describe(25_000, 100_000));
        assertTrue(below >= 0 && below < 3_000, "below new capacity after " + below + " ms");
        assertTrue(during > 0.5 * 450_000 && during < 1.15 * 450_000, "average during the drop " + during);
        assertTrue(recovered >= 0 && recovered < 25_000, "recovered after " + recovered + " ms");
    }

    @Test
    void fivePercentRandomLossIsStable() {
        LinkSimulator sim = new LinkSimulator(3 * MBPS / 2, 1_000_000, 3);
        Trace trace = new Trace(sim);
        sim.run(20_000, FOLLOW_ESTIMATE, trace::tick);
        double before = trace.average(10_000, 20_000);
        sim.loss(0.05);
        sim.run(60_000, FOLLOW_ESTIMATE, trace::tick);
        double early = trace.average(20_000, 40_000);
        double late = trace.average(60_000, 80_000);
        System.out.printf("5%% loss on 1.5 Mbps from 20 s: 10-20 s average %.0f kbps (no loss), 20-40 s %.0f kbps,"
                        + " 60-80 s %.0f kbps, last loss interval %.3f%n%s",
                before / 1000, early / 1000, late / 1000, sim.estimator.lossFraction(), trace.describe(15_000, 80_000));
        assertTrue(early >= 0.75 * before && late >= 0.75 * before, "stable: " + before + " -> " + early + " -> " + late);
        assertTrue(late < 1.1 * 1.5 * MBPS, "late " + late);
    }

    @Test
    void fifteenPercentRandomLossDecreases() {
        LinkSimulator sim = new LinkSimulator(3 * MBPS / 2, 1_000_000, 4);
        Trace trace = new Trace(sim);
        sim.loss(0.15);
        sim.run(20_000, FOLLOW_ESTIMATE, trace::tick);
        System.out.printf("15%% loss on 1.5 Mbps from 1 Mbps: 5 s %d kbps, 10 s %d kbps, 20 s %d kbps, loss %.3f%n",
                trace.samples.get(50)[1] / 1000, trace.samples.get(100)[1] / 1000,
                sim.estimator.estimateBps() / 1000, sim.estimator.lossFraction());
        assertTrue(trace.average(15_000, 20_000) < 0.5 * 1_000_000, "decreased: " + trace.average(15_000, 20_000));
        assertTrue(sim.estimator.lossFraction() > 0.10);
    }

    @Test
    void probingLiftsAnEstimateHeldByLowMedia() {
        LinkSimulator sim = new LinkSimulator(3 * MBPS / 2, 300_000, 5);
        Trace trace = new Trace(sim);
        long[] media = {300_000};
        sim.run(10_000, e -> media[0], trace::tick);
        long held = sim.estimator.estimateBps();
        // the allocation wants the 1.2 Mbps layer: probe until the estimate allows it, then send it
        boolean[] stepped = {false};
        long[] steppedAt = {-1};
        sim.run(20_000, e -> media[0], () -> {
            trace.tick();
            if (!stepped[0] && sim.probe.requestStepUp(1_200_000, media[0])) {
                stepped[0] = true;
                steppedAt[0] = (sim.now() - trace.start) / LinkSimulator.MS - 10_000;
                media[0] = 1_200_000;
            }
        });
        System.out.printf("probing: estimate held at %d kbps by 300 kbps of media; step-up to 1.2 Mbps allowed after"
                        + " %d ms, %d probes (%d succeeded), %d kB padding; estimate at 30 s %d kbps%n",
                held / 1000, steppedAt[0], sim.probe.probes(), sim.probe.successes(), sim.paddingBytes / 1000,
                sim.estimator.estimateBps() / 1000);
        assertTrue(held < 600_000, "held " + held);
        assertTrue(stepped[0] && steppedAt[0] < 10_000, "stepped at " + steppedAt[0]);
        assertTrue(sim.estimator.estimateBps() > 1_000_000);
    }

    @Test
    void probingAboveTheCapacityFailsAndBacksOff() {
        LinkSimulator sim = new LinkSimulator(600_000, 300_000, 6);
        long[] media = {300_000};
        sim.run(10_000, e -> media[0], null);
        sim.run(20_000, e -> media[0], () -> sim.probe.requestStepUp(1_200_000, media[0]));
        System.out.printf("probing a 600 kbps link for 1.2 Mbps: %d probes, %d succeeded, estimate %d kbps%n",
                sim.probe.probes(), sim.probe.successes(), sim.estimator.estimateBps() / 1000);
        assertTrue(sim.estimator.estimateBps() < 1_200_000);
        assertTrue(sim.probe.probes() <= 6, "backed off: " + sim.probe.probes());
    }
}
