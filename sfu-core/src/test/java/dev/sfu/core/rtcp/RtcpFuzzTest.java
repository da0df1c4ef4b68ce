package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and every truncation of valid compounds. Buffers end exactly where the bytes end, so a
 * read outside them throws IndexOutOfBoundsException, which fails the test like any exception other
 * than RtcpException.
 */
class RtcpFuzzTest {

    static final List<byte[]> SEEDS = List.of(
            RtcpCompoundTest.CHROMIUM_SR_SDES,
            RtcpCompoundTest.RR_REMB,
            SenderReportTest.SR_WITH_REPORT,
            SourceDescriptionTest.SDES_TWO_CHUNKS,
            GoodbyeTest.BYE_WITH_REASON,
            TransportLayerNackTest.NACK_WITH_BITMASK,
            PictureLossIndicationTest.PLI,
            FullIntraRequestTest.FIR,
            UnknownRtcpPacketTest.APP_WITH_PADDING);

    /** Without leak tracking: at PARANOID level, tracked buffers make 100k iterations slow. */
    private static final ByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(false, true);

    @Test
    void everyTruncationInsideAPacketIsRejected() throws RtcpException {
        for (byte[] seed : SEEDS) {
            Set<Integer> boundaries = packetBoundaries(seed);
            for (int n = 0; n < seed.length; n++) {
                byte[] cut = Arrays.copyOf(seed, n);
                if (boundaries.contains(n)) {
                    // a compound cut between two packets is a shorter valid compound
                    assertEquals(RtcpBytes.parse(seed).subList(0, RtcpBytes.parse(cut).size()), RtcpBytes.parse(cut));
                } else {
                    assertThrows(RtcpException.class, () -> RtcpBytes.parse(cut), "truncated to " + n);
                }
            }
        }
    }

    private static Set<Integer> packetBoundaries(byte[] compound) {
        Set<Integer> boundaries = new HashSet<>();
        for (int at = 0; at + 4 <= compound.length; ) {
            at += 4 * (((compound[at + 2] & 0xFF) << 8 | (compound[at + 3] & 0xFF)) + 1);
            boundaries.add(at);
        }
        return boundaries;
    }

    @Test
    void randomBytesParseOrThrowRtcpException() {
        Random random = new Random(0xC0FFEE);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(72)];
            random.nextBytes(bytes);
            if (bytes.length >= 4) {
                bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F)); // version 2
                bytes[1] = (byte) (200 + random.nextInt(8));   // a known packet type
                bytes[2] = 0;
                bytes[3] = (byte) random.nextInt(Math.max(1, bytes.length / 4));
            }
            check(bytes);
        }
    }

    @Test
    void mutatedSeedsParseOrThrowRtcpException() {
        Random random = new Random(7);
        for (byte[] seed : SEEDS) {
            for (int i = 0; i < 2_000; i++) {
                byte[] bytes = seed.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                check(bytes);
            }
        }
    }

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
        // whatever parsed must encode and parse back to the same packets
        try {
            byte[] encoded = encode(packets);
            assertArrayEquals(encoded, encode(RtcpBytes.parse(encoded)));
        } catch (RtcpException e) {
            fail("re-encoded packets do not parse: " + java.util.HexFormat.of().formatHex(bytes), e);
        }
    }
}
