package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, mutated and truncated transport-cc feedback: parsing returns a record or throws
 * {@link RtcpException}; whatever parses encodes canonically and parses back to the same record.
 */
class TransportWideFeedbackFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            TransportWideFeedbackTest.ONE_PACKET,
            TransportWideFeedbackTest.WRAP_LOSS_LARGE,
            TransportWideFeedbackTest.ONE_BIT_VECTOR,
            TransportWideFeedbackTest.RUN_OF_LOSSES);

    @Test
    void truncationsAreRejected() {
        for (byte[] seed : SEEDS) {
            for (int n = 0; n < seed.length; n++) {
                byte[] cut = Arrays.copyOf(seed, n);
                try {
                    RtcpBytes.parse(cut);
                    throw new AssertionError("truncated to " + n + " parsed");
                } catch (RtcpException expected) {
                    // rejected
                }
            }
        }
    }

    @Test
    void mutatedSeedsParseOrThrowRtcpException() {
        Random random = new Random(15);
        for (byte[] seed : SEEDS) {
            for (int i = 0; i < 5_000; i++) {
                byte[] bytes = seed.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    // keep V=2, PT and length so most mutations reach the FCI
                    int at = 4 + random.nextInt(bytes.length - 4);
                    bytes[at] = (byte) random.nextInt(256);
                }
                check(bytes);
            }
        }
    }

    @Test
    void randomBodiesParseOrThrowRtcpException() {
        Random random = new Random(205);
        for (int i = 0; i < 20_000; i++) {
            int words = 4 + random.nextInt(12);
            byte[] bytes = new byte[4 * words];
            random.nextBytes(bytes);
            bytes[0] = (byte) (random.nextBoolean() ? 0x8F : 0xAF);
            bytes[1] = (byte) 205;
            bytes[2] = 0;
            bytes[3] = (byte) (words - 1);
            bytes[14] = 0; // packet status count below 256 keeps most inputs short enough to decode
            check(bytes);
        }
    }

    /** Without leak tracking: at PARANOID level, tracked buffers make many iterations slow. */
    private static final ByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(false, true);

    private static byte[] encode(List<RtcpPacket> packets) {
        ByteBuf buf = RtcpCompound.encode(UNTRACKED, packets);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static void check(byte[] bytes) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpBytes.parse(bytes);
        } catch (RtcpException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("unexpected exception for " + java.util.HexFormat.of().formatHex(bytes), e);
        }
        byte[] encoded = encode(packets);
        try {
            List<RtcpPacket> again = RtcpBytes.parse(encoded);
            assertEquals(packets, again);
            assertArrayEquals(encoded, encode(again));
        } catch (RtcpException e) {
            throw new AssertionError("re-encoded packets do not parse: " + java.util.HexFormat.of().formatHex(bytes), e);
        }
    }
}
