package dev.sfu.core.rtp;

/**
 * Reads the picture size from an H.264 sequence parameter set (NAL unit type 7), the way VP8 keyframes give
 * theirs in the payload header: an H.264 keyframe carries no size, its SPS does. Syntax from ITU-T H.264
 * §7.3.2.1.1, read up to {@code frame_cropping_flag}; the size is §7.4.2.1.1's:
 *
 * <pre>
 *   width  = (pic_width_in_mbs_minus1 + 1) * 16                                 - CropUnitX * (left + right)
 *   height = (2 - frame_mbs_only_flag) * (pic_height_in_map_units_minus1 + 1) * 16 - CropUnitY * (top + bottom)
 *   CropUnitX = SubWidthC, CropUnitY = SubHeightC * (2 - frame_mbs_only_flag)   (4:2:0: 2 and 2 * ...)
 *   monochrome or separate colour planes (ChromaArrayType 0): 1 and (2 - frame_mbs_only_flag)
 * </pre>
 *
 * <p>The NAL unit is read as it travels in RTP (RFC 6184 §1.3: with its header byte, and with the emulation
 * prevention bytes, {@code 00 00 03}, still in it; they are skipped while reading). Bit fields are u(n),
 * exp-Golomb ue(v) and se(v) (§9.1).
 *
 * <p>One instance is reused (no allocation per parse); not thread-safe: each H264 layer keeps its own on the
 * room's event loop. Reads never go past {@code offset + length}: a truncated or malformed SPS is refused.
 */
public final class H264SequenceParameterSet {
    /** Larger than any level allows (level 6.2: 139264 macroblocks, e.g. 8192x4320); a bigger size is garbage. */
    static final int MAX_DIMENSION = 16384;

    private byte[] data;
    private int index;
    private int end;
    private int bitsLeft;
    private int current;
    private int zeros;
    private boolean overrun;
    private int width;
    private int height;

    /** The width of the last SPS parsed successfully, in pixels. */
    public int width() {
        return width;
    }

    /** The height of the last SPS parsed successfully, in pixels. */
    public int height() {
        return height;
    }

    /**
     * Parses one SPS NAL unit (header byte first). Returns true and sets {@link #width()} / {@link #height()} when
     * it is a well-formed SPS; false (and both unchanged) when it is not an SPS, is truncated, or declares a size
     * out of range.
     */
    public boolean parse(byte[] nal, int offset, int length) {
        if (length < 4 || offset < 0 || offset + length > nal.length || (nal[offset] & 0x1F) != H264Payload.NAL_SPS) {
            return false;
        }
        data = nal;
        index = offset + 1;
        end = offset + length;
        bitsLeft = 0;
        zeros = 0;
        overrun = false;
        try {
            return readSize();
        } finally {
            data = null;
        }
    }

    private boolean readSize() {
        int profileIdc = bits(8);
        bits(8); // constraint_set0..5_flag, reserved_zero_2bits
        bits(8); // level_idc
        ue(); // seq_parameter_set_id
        int chromaFormatIdc = 1; // 4:2:0 when not present
        boolean separateColourPlanes = false;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = ue();
            if (chromaFormatIdc == 3) {
                separateColourPlanes = bits(1) == 1;
            }
            ue(); // bit_depth_luma_minus8
            ue(); // bit_depth_chroma_minus8
            bits(1); // qpprime_y_zero_transform_bypass_flag
            if (bits(1) == 1) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormatIdc != 3 ? 8 : 12) && !overrun; i++) {
                    if (bits(1) == 1) {
                        skipScalingList(i < 6 ? 16 : 64);
                    }
                }
            }
        }
        ue(); // log2_max_frame_num_minus4
        int picOrderCntType = ue();
        if (picOrderCntType == 0) {
            ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (picOrderCntType == 1) {
            bits(1); // delta_pic_order_always_zero_flag
            se(); // offset_for_non_ref_pic
            se(); // offset_for_top_to_bottom_field
            int cycle = ue(); // num_ref_frames_in_pic_order_cnt_cycle (0..255)
            if (cycle > 255) {
                return false;
            }
            for (int i = 0; i < cycle && !overrun; i++) {
                se(); // offset_for_ref_frame[i]
            }
        } else if (picOrderCntType != 2) {
            return false;
        }
        ue(); // max_num_ref_frames
        bits(1); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = ue() + 1L;
        long heightInMapUnits = ue() + 1L;
        int frameMbsOnly = bits(1);
        if (frameMbsOnly == 0) {
            bits(1); // mb_adaptive_frame_field_flag
        }
        bits(1); // direct_8x8_inference_flag
        long cropLeft = 0;
        long cropRight = 0;
        long cropTop = 0;
        long cropBottom = 0;
        if (bits(1) == 1) { // frame_cropping_flag
            cropLeft = ue();
            cropRight = ue();
            cropTop = ue();
            cropBottom = ue();
        }
        if (overrun) {
            return false;
        }
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 ? 1 : (chromaFormatIdc == 3 ? 1 : 2);
        int cropUnitY = (chromaArrayType == 0 ? 1 : (chromaFormatIdc == 1 ? 2 : 1)) * (2 - frameMbsOnly);
        long w = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        long h = (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (w <= 0 || h <= 0 || w > MAX_DIMENSION || h > MAX_DIMENSION) {
            return false;
        }
        width = (int) w;
        height = (int) h;
        return true;
    }

    /** High profiles (§7.3.2.1.1) carry chroma format, bit depths and scaling matrices. */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() of §7.3.2.1.1.1: only read past. */
    private void skipScalingList(int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && !overrun; j++) {
            if (nextScale != 0) {
                nextScale = (lastScale + se() + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** ue(v), §9.1: leading zero bits, a one, then as many bits. Over 31 leading zeros is malformed. */
    private int ue() {
        int leadingZeros = 0;
        while (bits(1) == 0) {
            if (overrun || ++leadingZeros > 31) {
                overrun = true;
                return 0;
            }
        }
        if (leadingZeros == 0) {
            return 0;
        }
        long value = (1L << leadingZeros) - 1 + (bits(leadingZeros) & 0xFFFFFFFFL);
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    /** se(v), §9.1.1: ue mapped to 0, 1, -1, 2, -2, ... */
    private int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** u(n), n <= 31, most significant bit first; 0 and {@link #overrun} set past the end. */
    private int bits(int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            if (bitsLeft == 0 && !nextByte()) {
                overrun = true;
                return 0;
            }
            bitsLeft--;
            value = (value << 1) | ((current >> bitsLeft) & 1);
        }
        return value;
    }

    /** Loads the next RBSP byte, skipping an emulation prevention byte (the 03 of 00 00 03). */
    private boolean nextByte() {
        if (index >= end) {
            return false;
        }
        int b = data[index++] & 0xFF;
        if (zeros >= 2 && b == 0x03) {
            zeros = 0;
            if (index >= end) {
                return false;
            }
            b = data[index++] & 0xFF;
        }
        zeros = b == 0 ? zeros + 1 : 0;
        current = b;
        bitsLeft = 8;
        return true;
    }
}
