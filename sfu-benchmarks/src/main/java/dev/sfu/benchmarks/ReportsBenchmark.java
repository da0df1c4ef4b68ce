package dev.sfu.benchmarks;

import dev.sfu.core.stats.BitrateMeter;
import dev.sfu.core.stats.NtpClock;
import dev.sfu.core.stats.SenderReportState;
import dev.sfu.core.stats.StreamStatistics;
import dev.sfu.core.time.MonotonicClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What RTCP reporting adds to the per-packet path: per incoming packet, the layer's {@link StreamStatistics}
 * (sequence, loss and jitter for our receiver reports); per forwarded packet, what a subscription's
 * SubscriptionReports does (the {@link SenderReportState} counts and last timestamp, and a {@link BitrateMeter}).
 * Time advances 3 ms per packet (a 1.5 Mbps layer), sequence and timestamp as a 30 fps stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReportsBenchmark {
    private final StreamStatistics incoming = new StreamStatistics(0x1234, 90_000);
    private final SenderReportState outgoing = new SenderReportState(0x5678, 90_000,
            NtpClock.system(MonotonicClock.system()));
    private final BitrateMeter bitrate = BitrateMeter.oneSecond();
    private int seq;
    private long nanos;

    @Benchmark
    public long receivePacket() {
        seq = (seq + 1) & 0xFFFF;
        nanos += 3_000_000L;
        incoming.onPacket(seq, (nanos / 33_333_333L) * 3000, nanos, 1200);
        return incoming.packetsReceived();
    }

    @Benchmark
    public long forwardPacket() {
        nanos += 3_000_000L;
        outgoing.onPacketSent((nanos / 33_333_333L) * 3000, 1150, nanos);
        bitrate.add(nanos, 1200);
        return outgoing.packetsSent();
    }
}
