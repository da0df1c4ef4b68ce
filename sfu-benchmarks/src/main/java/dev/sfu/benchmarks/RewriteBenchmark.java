package dev.sfu.benchmarks;

import dev.sfu.core.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RTP header rewrite a subscription does per forwarded packet (Subscription.forward in sfu-core):
 * {@code rewriteInPlace} sets SSRC, payload type, sequence number and timestamp on a buffer;
 * {@code copyWithoutExtensionsAndRewrite} adds what the forwarder really does per receiver: a pooled direct
 * buffer, the copy that drops the publisher's header extensions, the rewrite, and the release.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RewriteBenchmark {
    private ByteBuf source;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        source = Packets.videoPacket(1200);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        source.release();
    }

    @Benchmark
    public int rewriteInPlace() {
        seq++;
        RtpPacket.setSsrc(source, 0xCAFEL + seq);
        RtpPacket.setPayloadType(source, 96);
        RtpPacket.setSequenceNumber(source, (seq + 5000) & 0xFFFF);
        RtpPacket.setTimestamp(source, (seq * 3000L) & 0xFFFFFFFFL);
        return RtpPacket.sequenceNumber(source);
    }

    @Benchmark
    public int copyWithoutExtensionsAndRewrite() {
        seq++;
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(source.readableBytes() + Packets.TAILROOM);
        RtpPacket.copyWithoutExtensions(source, out);
        RtpPacket.setSsrc(out, 0xCAFEL);
        RtpPacket.setPayloadType(out, 96);
        RtpPacket.setSequenceNumber(out, (RtpPacket.sequenceNumber(source) + seq) & 0xFFFF);
        RtpPacket.setTimestamp(out, (RtpPacket.timestamp(source) + 90_000L) & 0xFFFFFFFFL);
        int n = out.readableBytes();
        out.release();
        return n;
    }
}
