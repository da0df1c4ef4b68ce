package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpSequenceTest {

    @Test
    void comparesAcrossWrap() {
        assertTrue(RtpSequence.isNewer(1, 0));
        assertTrue(RtpSequence.isNewer(0, 65535));
        assertTrue(RtpSequence.isNewer(5, 65530));
        assertFalse(RtpSequence.isNewer(65530, 5));
        assertFalse(RtpSequence.isNewer(7, 7));
        assertTrue(RtpSequence.isNewer(0x7FFF, 0));
        assertFalse(RtpSequence.isNewer(0x8000, 0));
    }

    @Test
    void diffIsSignedModulo65536() {
        assertEquals(3, RtpSequence.diff(2, 65535));
        assertEquals(-3, RtpSequence.diff(65535, 2));
        assertEquals(0, RtpSequence.diff(100, 100));
        assertEquals(-32768, RtpSequence.diff(0x8000, 0));
        assertEquals(32767, RtpSequence.diff(0x7FFF, 0));
    }
}
