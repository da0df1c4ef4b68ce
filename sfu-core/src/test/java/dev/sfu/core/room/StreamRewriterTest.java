package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamRewriterTest {
    @Test
    void startsTheOutgoingStreamAtItsOwnBases() {
        StreamRewriter rewriter = new StreamRewriter(1000, 5_000_000L);
        rewriter.start(42_000, 123_456L);
        assertEquals(1000, rewriter.sequence(42_000));
        assertEquals(1001, rewriter.sequence(42_001));
        assertEquals(5_000_000L, rewriter.timestamp(123_456L));
        assertEquals(5_003_000L, rewriter.timestamp(126_456L));
    }

    @Test
    void sequenceNumbersWrapOnBothSides() {
        StreamRewriter rewriter = new StreamRewriter(65_530, 0);
        rewriter.start(65_000, 0);
        int[] in = {65_000, 65_005, 65_006, 65_535, 0, 1, 600};
        int[] out = {65_530, 65_535, 0, 529, 530, 531, 1130};
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i], rewriter.sequence(in[i]), "in " + in[i]);
        }
    }

    @Test
    void timestampsWrapAt32Bits() {
        StreamRewriter rewriter = new StreamRewriter(0, 0xFFFF_FF00L);
        rewriter.start(0, 10L);
        assertEquals(0xFFFF_FF00L, rewriter.timestamp(10L));
        assertEquals(0x0000_0000L, rewriter.timestamp(10L + 0x100));
        assertEquals(0x0000_0E00L, rewriter.timestamp(10L + 0xF00));
        StreamRewriter inputWraps = new StreamRewriter(0, 100);
        inputWraps.start(0, 0xFFFF_FFF0L);
        assertEquals(100 + 0x20, inputWraps.timestamp(0x10L));
    }

    @Test
    void packetsReorderedFromBeforeTheStartAreRecognised() {
        StreamRewriter rewriter = new StreamRewriter(0, 0);
        assertFalse(rewriter.started());
        rewriter.start(3, 0);
        assertTrue(rewriter.started());
        assertTrue(rewriter.isBeforeStart(2));
        assertTrue(rewriter.isBeforeStart(65_535));
        assertFalse(rewriter.isBeforeStart(3));
        assertFalse(rewriter.isBeforeStart(4));
        assertFalse(rewriter.isBeforeStart(3 + 30_000));
    }
}
