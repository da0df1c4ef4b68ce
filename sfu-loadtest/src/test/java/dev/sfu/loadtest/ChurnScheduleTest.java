package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The churn schedule: N a minute, evenly spaced from the window's start, none at the start itself. */
class ChurnScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void twentyAMinuteIsOneEveryThreeSeconds() {
        ChurnSchedule s = new ChurnSchedule(20);
        assertTrue(s.enabled());
        assertEquals(3 * S, s.dueAtNanos(1));
        assertEquals(6 * S, s.dueAtNanos(2));
        assertEquals(60 * S, s.dueAtNanos(20));
        assertEquals(0, s.dueBy(0));
        assertEquals(0, s.dueBy(3 * S - 1));
        assertEquals(1, s.dueBy(3 * S));
        assertEquals(20, s.dueBy(60 * S));
        assertEquals(200, s.dueBy(600 * S), "a 10-minute soak replaces 200 subscribers");
    }

    @Test
    void ratesThatDoNotDivideAMinuteStaySpreadEvenly() {
        ChurnSchedule s = new ChurnSchedule(7);
        long previous = 0;
        for (long k = 1; k <= 70; k++) {
            long at = s.dueAtNanos(k);
            long gap = at - previous;
            assertTrue(gap >= 60 * S / 7 - 1 && gap <= 60 * S / 7 + 1, "gap " + gap + " before " + k);
            assertEquals(k, s.dueBy(at), "due exactly at its time");
            assertEquals(k - 1, s.dueBy(at - 1));
            previous = at;
        }
        assertEquals(70, s.dueBy(600 * S));
    }

    @Test
    void offMeansNothingIsDue() {
        ChurnSchedule off = new ChurnSchedule(0);
        assertFalse(off.enabled());
        assertEquals(0, off.dueBy(3600 * S));
        assertThrows(IllegalArgumentException.class, () -> off.dueAtNanos(1));
        assertThrows(IllegalArgumentException.class, () -> new ChurnSchedule(-1));
    }

    @Test
    void fastChurnOverManyHoursDoesNotOverflow() {
        ChurnSchedule s = new ChurnSchedule(6000);
        assertEquals(10 * 1_000_000L, s.dueAtNanos(1));
        assertEquals(6000L * 24 * 60, s.dueBy(24 * 3600 * S));
    }
}
