package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Picture sizes from SPS NAL units: real ones from Chromium 156's OpenH264 encoder (constrained baseline, taken
 * from its keyframes with an encoded-transform), hand-built ones for the syntax Chromium does not use (High
 * profile chroma info and scaling lists, field coding, picture order count type 1, emulation prevention), and
 * malformed ones, which are refused.
 */
class H264SequenceParameterSetTest {
    static Stream<Arguments> sizes() {
        return Stream.of(
                // Chromium: 67 NAL header (NRI 3, type 7), 42 c0 = constrained baseline, then level_idc.
                Arguments.of("chromium 320x180 (cropped from 192 lines)", "6742c0158c8d40a0cbcf3506060607844235", 320, 180),
                Arguments.of("chromium 640x360 (cropped from 368)", "6742c01f8c8d405017fcb35060606078442350", 640, 360),
                Arguments.of("chromium 1280x720", "6742c0208c8d402802dd3506060607844235", 1280, 720),
                Arguments.of("chromium 640x480", "6742c01f8c8d40501ed35060606078442350", 640, 480),
                Arguments.of("high 4:2:0 1920x1080 (cropped from 1088)", hex(new Sps().profile(100).chroma(1)
                        .size(120, 68).crop(0, 0, 0, 4)), 1920, 1080),
                Arguments.of("high with a scaling list", hex(new Sps().profile(100).chroma(1).scalingList()
                        .size(80, 45)), 1280, 720),
                Arguments.of("high 4:4:4 (crop unit 1x1)", hex(new Sps().profile(244).chroma(3).size(40, 23)
                        .crop(0, 2, 0, 8)), 638, 360),
                Arguments.of("high 4:2:2 (crop unit 2x1)", hex(new Sps().profile(122).chroma(2).size(40, 23)
                        .crop(1, 1, 0, 8)), 636, 360),
                Arguments.of("monochrome (crop unit 1x1)", hex(new Sps().profile(100).chroma(0).size(40, 23)
                        .crop(0, 0, 0, 8)), 640, 360),
                Arguments.of("fields (frame_mbs_only 0): map units are field rows", hex(new Sps().profile(77)
                        .fields().size(120, 34).crop(0, 0, 0, 2)), 1920, 1080),
                Arguments.of("picture order count type 1", hex(new Sps().pocType1(3).size(20, 15)), 320, 240),
                Arguments.of("emulation prevention bytes skipped", hex(new Sps().size(20, 15).zeroRun()), 320, 240));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void readsThePictureSize(String name, String hex, int width, int height) {
        byte[] nal = ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
        H264SequenceParameterSet sps = new H264SequenceParameterSet();
        assertTrue(sps.parse(nal, 0, nal.length), name);
        assertEquals(width, sps.width(), name);
        assertEquals(height, sps.height(), name);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a PPS", "68ce3c80"),
                Arguments.of("shorter than its header", "6742c0"),
                Arguments.of("truncated before the size", "6742c0208c8d40"),
                Arguments.of("truncated inside the crop values", "6742c0158c8d40a0cb"),
                Arguments.of("picture order count type 3", hex(new Sps().pocType(3).size(20, 15))),
                Arguments.of("more than 31 leading zero bits", "6742c020" + "0000000000"),
                Arguments.of("wider than any level", hex(new Sps().size(1100, 15))),
                Arguments.of("cropped to nothing", hex(new Sps().size(20, 15).crop(0, 0, 0, 120))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatIsNotAWellFormedSps(String name, String hex) {
        byte[] nal = ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
        H264SequenceParameterSet sps = new H264SequenceParameterSet();
        assertFalse(sps.parse(nal, 0, nal.length), name);
        assertEquals(0, sps.width());
    }

    @Test
    void aRefusedSpsKeepsTheLastGoodSize() {
        H264SequenceParameterSet sps = new H264SequenceParameterSet();
        byte[] good = ByteBufUtil.decodeHexDump("6742c0208c8d402802dd3506060607844235");
        assertTrue(sps.parse(good, 0, good.length));
        assertFalse(sps.parse(good, 0, 7));
        assertEquals(1280, sps.width());
        assertEquals(720, sps.height());
    }

    @Test
    void readsOnlyInsideItsRange() {
        byte[] framed = ByteBufUtil.decodeHexDump("ffff" + "6742c01f8c8d40501ed35060606078442350" + "ffff");
        H264SequenceParameterSet sps = new H264SequenceParameterSet();
        assertTrue(sps.parse(framed, 2, framed.length - 4));
        assertEquals(640, sps.width());
        assertFalse(sps.parse(framed, 2, 8), "the same bytes cut short are refused, not read past");
        assertFalse(sps.parse(framed, 2, framed.length), "a range past the array is refused");
    }

    @Test
    void theHandBuiltEmulationRowReallyCarriesAnEmulationPreventionByte() {
        String hex = hex(new Sps().size(20, 15).zeroRun());
        assertTrue(hex.contains("000003"), hex);
    }

    /** Random SPS-typed bytes, and the real 1280x720 SPS with a bit flipped and cut short: never a throw. */
    @Test
    void randomAndMutatedSpsAreSafe() {
        Random random = new Random(0x5EED);
        byte[] real = ByteBufUtil.decodeHexDump("6742c0208c8d402802dd3506060607844235");
        H264SequenceParameterSet sps = new H264SequenceParameterSet();
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[1 + random.nextInt(40)];
                random.nextBytes(bytes);
                bytes[0] = 0x67;
            } else {
                bytes = Arrays.copyOf(real, 1 + random.nextInt(real.length));
                int bit = random.nextInt(bytes.length * 8);
                bytes[bit / 8] ^= (byte) (0x80 >> (bit % 8));
            }
            byte[] nal = bytes;
            if (assertDoesNotThrow(() -> sps.parse(nal, 0, nal.length))) {
                assertTrue(sps.width() > 0 && sps.width() <= H264SequenceParameterSet.MAX_DIMENSION, sps.width() + "");
                assertTrue(sps.height() > 0 && sps.height() <= H264SequenceParameterSet.MAX_DIMENSION);
            }
        }
    }

    private static String hex(Sps sps) {
        return ByteBufUtil.hexDump(sps.nal());
    }

    /** Writes an SPS RBSP field by field (§7.3.2.1.1), then the NAL unit with emulation prevention (§7.4.1). */
    private static final class Sps {
        private int profile = 66;
        private int chroma = -1;
        private boolean scalingList;
        private int pocType;
        private int pocCycle;
        private int widthInMbs = 20;
        private int heightInMapUnits = 15;
        private boolean fields;
        private int[] crop;
        private int nonRefOffset = -1;

        Sps profile(int idc) {
            profile = idc;
            return this;
        }

        Sps chroma(int formatIdc) {
            chroma = formatIdc;
            return this;
        }

        Sps scalingList() {
            scalingList = true;
            return this;
        }

        Sps pocType(int type) {
            pocType = type;
            return this;
        }

        Sps pocType1(int cycle) {
            pocType = 1;
            pocCycle = cycle;
            return this;
        }

        Sps size(int mbsWide, int mapUnitsHigh) {
            widthInMbs = mbsWide;
            heightInMapUnits = mapUnitsHigh;
            return this;
        }

        Sps fields() {
            fields = true;
            return this;
        }

        Sps crop(int left, int right, int top, int bottom) {
            crop = new int[] {left, right, top, bottom};
            return this;
        }

        /** A large offset_for_non_ref_pic: its exp-Golomb code has 26 leading zero bits, so 00 00 00 in the RBSP. */
        Sps zeroRun() {
            pocType = 1;
            nonRefOffset = -(1 << 25);
            return this;
        }

        byte[] nal() {
            Bits b = new Bits();
            b.u(8, profile);
            b.u(8, 0xC0);
            b.u(8, 31);
            b.ue(0); // seq_parameter_set_id
            if (chroma >= 0) {
                b.ue(chroma);
                if (chroma == 3) {
                    b.u(1, 0); // separate_colour_plane_flag
                }
                b.ue(0);
                b.ue(0);
                b.u(1, 0);
                b.u(1, scalingList ? 1 : 0);
                if (scalingList) {
                    for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                        b.u(1, i == 0 ? 1 : 0);
                        if (i == 0) {
                            for (int j = 0; j < 16; j++) {
                                b.se(j == 0 ? 8 : -1); // a 4x4 list: 16, 15, 14, ...
                            }
                        }
                    }
                }
            }
            b.ue(0); // log2_max_frame_num_minus4
            b.ue(pocType);
            if (pocType == 0) {
                b.ue(0);
            } else if (pocType == 1) {
                b.u(1, 0);
                b.se(nonRefOffset);
                b.se(2);
                b.ue(pocCycle);
                for (int i = 0; i < pocCycle; i++) {
                    b.se(i - 1);
                }
            }
            b.ue(1); // max_num_ref_frames
            b.u(1, 0);
            b.ue(widthInMbs - 1);
            b.ue(heightInMapUnits - 1);
            b.u(1, fields ? 0 : 1);
            if (fields) {
                b.u(1, 0);
            }
            b.u(1, 1); // direct_8x8_inference_flag
            b.u(1, crop != null ? 1 : 0);
            if (crop != null) {
                for (int c : crop) {
                    b.ue(c);
                }
            }
            b.u(1, 0); // vui_parameters_present_flag
            b.u(1, 1); // rbsp_stop_one_bit, then alignment zeros
            byte[] rbsp = b.bytes();
            ByteArrayOutputStream nal = new ByteArrayOutputStream();
            nal.write(0x67);
            int zeros = 0;
            for (byte x : rbsp) {
                if (zeros >= 2 && (x & 0xFF) <= 3) {
                    nal.write(0x03);
                    zeros = 0;
                }
                nal.write(x);
                zeros = x == 0 ? zeros + 1 : 0;
            }
            return nal.toByteArray();
        }
    }

    private static final class Bits {
        private byte[] out = new byte[64];
        private int bit;

        void u(int n, long value) {
            for (int i = n - 1; i >= 0; i--) {
                if (bit / 8 == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                if (((value >> i) & 1) == 1) {
                    out[bit / 8] |= (byte) (0x80 >> (bit % 8));
                }
                bit++;
            }
        }

        void ue(long value) {
            long v = value + 1;
            int length = 64 - Long.numberOfLeadingZeros(v);
            u(length - 1, 0);
            u(length, v);
        }

        void se(long value) {
            ue(value > 0 ? 2 * value - 1 : -2 * value);
        }

        byte[] bytes() {
            return Arrays.copyOf(out, (bit + 7) / 8);
        }
    }
}
