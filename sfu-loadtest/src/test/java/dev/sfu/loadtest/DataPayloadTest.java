package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataPayloadTest {
    @ParameterizedTest
    @ValueSource(ints = {16, 17, 100, 16 * 1024, 64 * 1024 + 100, 1 << 20})
    void aMessageChecksOutWithItsSenderAndNumberAndAnyChangedByteIsCaught(int size) {
        byte[] m = DataPayload.encode(7, 123_456_789_012L, size);
        assertEquals(size, m.length);
        assertEquals(new DataPayload.Checked(true, 7, 123_456_789_012L), DataPayload.check(m));
        for (int at : new int[] {0, 5, 12, 15, size - 1}) {
            byte[] damaged = m.clone();
            damaged[at] ^= 0x10;
            assertFalse(DataPayload.check(damaged).intact(), "byte " + at + " changed");
        }
        assertFalse(DataPayload.check(Arrays.copyOf(m, size - 1)).intact(), "cut short");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15})
    void shorterThanTheHeaderIsCorrupt(int size) {
        assertEquals(DataPayload.Checked.CORRUPT, DataPayload.check(new byte[size]));
    }

    @org.junit.jupiter.api.Test
    void twoMessagesOfASenderDifferInTheirFiller() {
        byte[] a = DataPayload.encode(1, 1, 200);
        byte[] b = DataPayload.encode(1, 2, 200);
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, 16, 200)), Arrays.toString(Arrays.copyOfRange(b, 16, 200)));
        assertTrue(DataPayload.check(b).intact());
    }
}
