package dev.sfu.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulcast encoding of the peer's video, as Chromium sends it with RID signalling (RFC 8853): its RID,
 * its own SSRC (never put in the SDP), the frame size written into its keyframes and its target bitrate.
 * Immutable.
 */
record SendEncoding(String rid, long ssrc, int width, int height, long bitrateBps) {
    /** Chromium's usual three encodings, lowest first: quarter, half and full 1280x720. */
    private static final String[] RIDS = {"q", "h", "f"};
    private static final int[] WIDTHS = {320, 640, 1280};
    private static final int[] HEIGHTS = {180, 360, 720};
    private static final long[] BITRATES = {150_000, 500_000, 1_500_000};

    /** The top {@code layers} (1..3) of q, h, f, lowest first, each with a fresh random SSRC. */
    static List<SendEncoding> simulcast(int layers) {
        if (layers < 1 || layers > 3) {
            throw new IllegalArgumentException("simulcast layers must be 1..3: " + layers);
        }
        List<SendEncoding> encodings = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 3 - layers; i < 3; i++) {
            encodings.add(new SendEncoding(RIDS[i], random.nextLong(1, 1L << 32), WIDTHS[i], HEIGHTS[i], BITRATES[i]));
        }
        return List.copyOf(encodings);
    }
}
