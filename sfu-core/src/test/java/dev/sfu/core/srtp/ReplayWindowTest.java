package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final long[] highest = {-1};
    private final long[] window = new long[2];

    private boolean accepts(long index) {
        return ReplayWindow.accepts(highest[0], window[0], window[1], index);
    }

    private void commit(long index) {
        ReplayWindow.commit(highest, window, 0, index);
    }

    @Test
    void remembersEveryIndexAcrossBothWordsAndShifts() {
        commit(1000);
        for (long i = 873; i < 1000; i += 2) { // 127 behind .. 1 behind, spanning both words
            assertTrue(accepts(i));
            commit(i);
            assertFalse(accepts(i));
        }
        assertFalse(accepts(872), "128 behind");
        commit(1064); // shift by 64: the marks move from the low into the high word
        assertEquals(1064, highest[0]);
        assertFalse(accepts(1000));
        assertFalse(accepts(999));
        assertTrue(accepts(998));
        assertFalse(accepts(936), "128 behind after the shift");
        commit(1300); // shift past the whole window
        assertTrue(accepts(1299));
        assertFalse(accepts(1300));
        assertFalse(accepts(1064));
    }

    @Test
    void estimatesIndexPerRfc3711AppendixA() {
        assertEquals(65536, SrtpContext.estimateIndex(65535, 0), "wrap forward: ROC + 1");
        assertEquals(65535, SrtpContext.estimateIndex(65536, 65535), "late packet: ROC - 1");
        assertEquals(-1, SrtpContext.estimateIndex(10, 65000), "before ROC 0");
        assertEquals(0x30005, SrtpContext.estimateIndex(0x30001, 5));
    }
}
