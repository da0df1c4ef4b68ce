package dev.sfu.benchmarks;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.srtp.SrtpContext;
import dev.sfu.core.srtp.SrtpProfile;
import dev.sfu.core.srtp.SrtpResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * The fan-out of one incoming 1200-byte video packet to N receivers, as Subscription.forward and
 * ParticipantTransport.sendRtp do it per receiver: pooled direct buffer, copy without the publisher's header
 * extensions, rewrite of SSRC / payload type / sequence / timestamp, SRTP protect with the receiver's own
 * context. sfu-core's room classes are package-private and need a UDP socket, so this is the closest honest
 * approximation of their per-receiver work; {@code fanout} ends with a release (no socket), and
 * {@code fanoutAndSend} hands each packet to a non-blocking DatagramChannel on 127.0.0.1 (one sendto per
 * packet, as NIO has no sendmmsg), so the kernel's share is visible next to limit.c's.
 * {@code fanoutOneCopy} is the server's path since the one-copy change: each receiver's packet is built in one
 * reused heap buffer (copy without extensions, rewrite), protected there in place, and copied once into a
 * pooled direct buffer (ParticipantTransport.sendRtpCopy); {@code fanout} is the path before it (copy into
 * the direct buffer, which SrtpContext copies to its scratch array and back).
 * The score is per incoming packet: divide by {@code receivers} for the cost per forwarded packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutBenchmark {
    @Param({"1", "10", "100"})
    public int receivers;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    private ByteBuf source;
    private SrtpContext[] contexts;
    private long[] ssrcs;
    private int[] seqDeltas;
    private DatagramChannel channel;
    private DatagramChannel sink;
    private InetSocketAddress sinkAddress;
    private int seq;
    private final ByteBuffer drain = ByteBuffer.allocateDirect(2048);
    private final ByteBuf scratch = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 2048, 65536);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        source = Packets.videoPacket(1200);
        SrtpProfile p = SrtpProfile.valueOf(profile);
        contexts = new SrtpContext[receivers];
        ssrcs = new long[receivers];
        seqDeltas = new int[receivers];
        for (int i = 0; i < receivers; i++) {
            contexts[i] = Packets.context(p, i + 2);
            ssrcs[i] = 0x1000L + i;
            seqDeltas[i] = i * 977;
        }
        sink = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sinkAddress = (InetSocketAddress) sink.getLocalAddress();
        channel = DatagramChannel.open();
        channel.configureBlocking(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        source.release();
        channel.close();
        sink.close();
    }

    private ByteBuf forwardCopy(int i) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(source.readableBytes() + Packets.TAILROOM);
        RtpPacket.copyWithoutExtensions(source, out);
        RtpPacket.setSsrc(out, ssrcs[i]);
        RtpPacket.setPayloadType(out, 96);
        RtpPacket.setSequenceNumber(out, (seq + seqDeltas[i]) & 0xFFFF);
        RtpPacket.setTimestamp(out, (RtpPacket.timestamp(source) + i) & 0xFFFFFFFFL);
        return out;
    }

    @Benchmark
    public int fanout() {
        seq++;
        int ok = 0;
        for (int i = 0; i < receivers; i++) {
            ByteBuf out = forwardCopy(i);
            if (contexts[i].protectRtp(out) == SrtpResult.OK) {
                ok++;
            }
            out.release();
        }
        return ok;
    }

    @Benchmark
    public int fanoutOneCopy() {
        seq++;
        int ok = 0;
        for (int i = 0; i < receivers; i++) {
            ByteBuf packet = scratch.clear();
            RtpPacket.copyWithoutExtensions(source, packet);
            RtpPacket.setSsrc(packet, ssrcs[i]);
            RtpPacket.setPayloadType(packet, 96);
            RtpPacket.setSequenceNumber(packet, (seq + seqDeltas[i]) & 0xFFFF);
            RtpPacket.setTimestamp(packet, (RtpPacket.timestamp(source) + i) & 0xFFFFFFFFL);
            if (contexts[i].protectRtp(packet) == SrtpResult.OK) {
                ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(packet.readableBytes());
                out.writeBytes(packet.array(), packet.arrayOffset() + packet.readerIndex(), packet.readableBytes());
                ok += out.readableBytes() > 0 ? 1 : 0;
                out.release();
            }
        }
        return ok;
    }

    @Benchmark
    public int fanoutAndSend() throws IOException {
        seq++;
        int sent = 0;
        for (int i = 0; i < receivers; i++) {
            ByteBuf out = forwardCopy(i);
            if (contexts[i].protectRtp(out) == SrtpResult.OK) {
                sent += channel.send(out.nioBuffer(), sinkAddress);
            }
            out.release();
        }
        drainSink();
        return sent;
    }

    /** Keeps the sink's receive buffer from filling (a full buffer makes loopback sends drop, not block). */
    private void drainSink() throws IOException {
        if ((seq & 15) == 0) {
            sink.configureBlocking(false);
            for (int i = 0; i < 4096; i++) {
                drain.clear();
                if (sink.receive(drain) == null) {
                    break;
                }
            }
        }
    }
}
