package dev.sfu.benchmarks;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.srtp.SrtpContext;
import dev.sfu.core.srtp.SrtpProfile;
import dev.sfu.core.srtp.SrtpResult;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP on one RTP packet of {@code size} bytes, per profile, with sfu-core's SrtpContext (JCA: AES-NI and
 * the JDK's GHASH/SHA-1 intrinsics). {@code protect}: copy the clear packet into a scratch buffer (the same
 * copy the forwarder makes per receiver), advance its sequence number, protect. {@code protectUnprotect}:
 * the same, then the receiving side's unprotect; unprotect alone is the difference of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM"})
    public String profile;

    @Param({"1200"})
    public int size;

    private ByteBuf clear;
    private ByteBuf scratch;
    private SrtpContext sender;
    private SrtpContext receiver;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        ByteBuf withExtensions = Packets.videoPacket(size);
        clear = PooledByteBufAllocator.DEFAULT.directBuffer(size + Packets.TAILROOM);
        RtpPacket.copyWithoutExtensions(withExtensions, clear);
        withExtensions.release();
        scratch = PooledByteBufAllocator.DEFAULT.directBuffer(size + Packets.TAILROOM);
        sender = Packets.context(p, 1);
        receiver = Packets.context(p, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        clear.release();
        scratch.release();
    }

    private ByteBuf next() {
        scratch.clear();
        scratch.writeBytes(clear, clear.readerIndex(), clear.readableBytes());
        seq = (seq + 1) & 0xFFFF;
        RtpPacket.setSequenceNumber(scratch, seq);
        return scratch;
    }

    @Benchmark
    public SrtpResult protect() {
        return sender.protectRtp(next());
    }

    @Benchmark
    public SrtpResult protectUnprotect() {
        ByteBuf b = next();
        SrtpResult r = sender.protectRtp(b);
        return r == SrtpResult.OK ? receiver.unprotectRtp(b) : r;
    }
}
