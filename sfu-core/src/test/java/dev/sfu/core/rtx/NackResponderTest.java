package dev.sfu.core.rtx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.RtxPacket;
import dev.sfu.core.testing.ManualClock;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NackResponderTest {
    private final ManualClock clock = new ManualClock();
    private final RetransmissionCache low = RetransmissionCache.forVideo(clock);
    private final RetransmissionCache high = RetransmissionCache.forVideo(clock);
    private final NackResponder responder = new NackResponder(clock, 2048);
    /** {source seq, out seq, out timestamp} of each resend. */
    private final List<long[]> resent = new ArrayList<>();
    private final NackResponder.Sink sink =
            (source, outSeq, outTs) -> resent.add(new long[] {RtpPacket.sequenceNumber(source), outSeq, outTs});

    @BeforeEach
    void forwardTwoLayers() {
        // low layer source 1000..1009 went out as 65530..65535 (then a switch), high layer 500..509 as 0..9
        for (int i = 0; i < 6; i++) {
            ByteBuf p = RtpPackets.packet(1000 + i, 100);
            low.put(p);
            p.release();
            responder.onForwarded(65530 + i, 90_000L * i, low, 1000 + i);
        }
        for (int i = 0; i < 10; i++) {
            ByteBuf p = RtpPackets.packet(500 + i, 100);
            high.put(p);
            p.release();
            responder.onForwarded(i, 600_000L + i, high, 500 + i);
        }
    }

    @AfterEach
    void closeCaches() {
        low.close();
        high.close();
    }

    @Test
    void mapsNackedSequenceNumbersBackToTheirLayerAndSource() {
        assertEquals(3, responder.respond(List.of(65534, 65535, 3), sink));
        assertEquals(List.of("1004 65534 360000", "1005 65535 450000", "503 3 600003"),
                resent.stream().map(r -> r[0] + " " + r[1] + " " + r[2]).toList());
        assertEquals(3, responder.resent());
    }

    @Test
    void doesNotResendWithinOneRtt() {
        responder.rtt(TimeUnit.MILLISECONDS.toNanos(80));
        responder.respond(List.of(2), sink);
        clock.advance(50, TimeUnit.MILLISECONDS);
        assertEquals(0, responder.respond(List.of(2), sink));
        assertEquals(1, responder.suppressed());
        clock.advance(40, TimeUnit.MILLISECONDS);
        assertEquals(1, responder.respond(List.of(2), sink));
        assertEquals(2, resent.size());
    }

    @Test
    void countsUnknownAndExpiredSequenceNumbers() {
        assertEquals(0, responder.respond(List.of(100), sink));
        assertEquals(1, responder.unknown());
        clock.advance(3, TimeUnit.SECONDS);
        assertEquals(0, responder.respond(List.of(4), sink));
        assertEquals(1, responder.expired());
        assertEquals(2, responder.requested());
    }

    @Test
    void aNewPacketOnTheSameOutgoingSequenceNumberReplacesTheOldMapping() {
        responder.onForwarded(3, 7, high, 509);
        responder.respond(List.of(3), sink);
        assertEquals(509, resent.get(0)[0]);
    }

    @Test
    void clearForgetsEverything() {
        responder.clear();
        assertEquals(0, responder.respond(List.of(1, 2, 65535), sink));
        assertEquals(3, responder.unknown());
    }

    @Test
    void keepsTimestampsAboveTwoToThe31AndSequenceNumbersUnsigned() {
        // fields are stored narrow (16-bit sequence numbers, 32-bit timestamps): they must come back unsigned
        ByteBuf p = RtpPackets.packet(65000, 100);
        high.put(p);
        p.release();
        responder.onForwarded(40000, 0xFFFF_FFF0L, high, 65000);
        assertEquals(1, responder.respond(List.of(40000), sink));
        assertEquals("65000 40000 4294967280", resent.get(0)[0] + " " + resent.get(0)[1] + " " + resent.get(0)[2]);
    }

    @Test
    void aPacketForwardedAfterAResendCanBeResentAtOnce() {
        // the resend times exist from the first NACK on; a new packet on a slot starts with none
        responder.respond(List.of(2), sink);
        responder.onForwarded(2 + 2048, 123, high, 502);
        assertEquals(1, responder.respond(List.of(2 + 2048), sink));
        assertEquals(0, responder.suppressed());
    }

    @Test
    void sinkCanWrapTheResendAsRtx() {
        RtxPacketizer rtx = new RtxPacketizer(0xABCDL, 97, 7);
        List<ByteBuf> sent = new ArrayList<>();
        responder.respond(List.of(5), (source, outSeq, outTs) ->
                sent.add(rtx.packetize(source, outSeq, outTs, PooledByteBufAllocator.DEFAULT, 20)));
        ByteBuf out = sent.get(0);
        try {
            assertEquals(5, RtxPacket.originalSequenceNumber(out));
            assertEquals(7, RtpPacket.sequenceNumber(out));
            assertEquals(0xABCDL, RtpPacket.ssrc(out));
            assertEquals(600_005L, RtpPacket.timestamp(out));
            assertEquals(97, RtpPacket.payloadType(out));
        } finally {
            out.release();
        }
    }
}
