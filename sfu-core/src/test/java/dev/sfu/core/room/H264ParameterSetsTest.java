package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.H264Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SPS/PPS kept from hand-built RFC 6184 payloads, and the STAP-A written from them, byte for byte. */
class H264ParameterSetsTest {
    private static final int[] SPS = {0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01}; // F=0 NRI=3 type 7, baseline 3.1
    private static final int[] PPS = {0x68, 0xCE, 0x3C, 0x80};             // F=0 NRI=3 type 8

    private static ByteBuf payload(int... bytes) {
        ByteBuf buf = Unpooled.buffer();
        for (int b : bytes) {
            buf.writeByte(b);
        }
        return buf;
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    private static void feed(H264ParameterSets sets, ByteBuf payload) {
        sets.onPayload(payload, payload.readerIndex(), payload.readableBytes());
    }

    private static String stapA(H264ParameterSets sets) {
        ByteBuf out = Unpooled.buffer();
        sets.writeStapA(out);
        assertEquals(sets.stapALength(), out.readableBytes());
        return ByteBufUtil.hexDump(out);
    }

    @Test
    void keepsParameterSetsFromSingleNalUnitPacketsAndWritesThemAsOneStapA() {
        H264ParameterSets sets = new H264ParameterSets();
        feed(sets, payload(SPS));
        assertFalse(sets.complete(), "SPS alone");
        feed(sets, payload(PPS));
        assertTrue(sets.complete());
        assertEquals("78" // STAP-A header: F=0, NRI=3 (the highest of the two), type 24
                + "0006" + "6742c01fda01"  // SPS size 6, SPS
                + "0004" + "68ce3c80",     // PPS size 4, PPS
                stapA(sets));
    }

    @Test
    void keepsParameterSetsFromAStapAAndTheLatestWins() {
        H264ParameterSets sets = new H264ParameterSets();
        feed(sets, payload(concat(new int[] {0x78, 0x00, 0x06}, SPS, new int[] {0x00, 0x04}, PPS)));
        assertTrue(sets.complete());
        feed(sets, payload(0x68, 0xEE, 0x01)); // a newer PPS (id 1) as a single NAL unit
        assertEquals("78" + "0006" + "6742c01fda01" + "0003" + "68ee01", stapA(sets));
    }

    @Test
    void slicesAndFragmentsAreNotParameterSets() {
        H264ParameterSets sets = new H264ParameterSets();
        feed(sets, payload(0x65, 0x88, 0x84));       // IDR slice
        feed(sets, payload(0x7C, 0x87, 0x42, 0xC0)); // FU-A whose fragment says type 7: not kept from fragments
        feed(sets, payload(0x78, 0x00, 0x09, 0x67)); // STAP-A with a size beyond the payload
        assertFalse(sets.complete());
        assertEquals(5, sets.stapALength(), "nothing kept: header and two empty sizes");
    }

    @Test
    void aKeyframeStartsDecodableWhenItsFirstPacketCarriesAnSps() {
        ByteBuf stap = payload(concat(new int[] {0x78, 0x00, 0x06}, SPS, new int[] {0x00, 0x04}, PPS));
        ByteBuf idrFragment = payload(0x7C, 0x85, 0x88, 0x84);
        ByteBuf idrSingle = payload(0x65, 0x88);
        assertTrue(H264Payload.carriesSps(stap, 0, stap.readableBytes()));
        assertTrue(H264Payload.carriesSps(payload(SPS), 0, SPS.length));
        assertFalse(H264Payload.carriesSps(idrFragment, 0, idrFragment.readableBytes()));
        assertFalse(H264Payload.carriesSps(idrSingle, 0, idrSingle.readableBytes()));
        assertFalse(H264Payload.carriesSps(payload(0x78, 0x00, 0x02, 0x68, 0xCE), 0, 5), "a STAP-A with a PPS only");
    }

    @Test
    void randomAndTruncatedPayloadsNeverReadOutside() {
        Random random = new Random(4);
        H264ParameterSets sets = new H264ParameterSets();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (bytes[0] & 0xE0 | H264Payload.NAL_STAP_A);
            }
            ByteBuf framed = Unpooled.buffer(bytes.length + 8).writeZero(4).writeBytes(bytes).writeZero(4);
            sets.onPayload(framed, 4, bytes.length); // the padding around must never be read as payload
            H264Payload.carriesSps(framed, 4, bytes.length);
        }
        if (sets.complete()) {
            assertTrue(sets.stapALength() <= 1 + 2 * (2 + H264ParameterSets.MAX_NAL_BYTES));
        }
    }

    @Test
    void parameterSetsLongerThanTheBoundAreNotKept() {
        H264ParameterSets sets = new H264ParameterSets();
        int[] big = new int[H264ParameterSets.MAX_NAL_BYTES + 1];
        big[0] = 0x67;
        feed(sets, payload(big));
        feed(sets, payload(PPS));
        assertFalse(sets.complete(), "an SPS over " + H264ParameterSets.MAX_NAL_BYTES + " bytes is not kept");
    }
}
