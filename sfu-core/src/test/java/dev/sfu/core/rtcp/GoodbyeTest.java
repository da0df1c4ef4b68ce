package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoodbyeTest {

    static final byte[] BYE_WITH_REASON = RtcpBytes.of(
            0x82, 0xCB, 0x00, 0x04, // V=2, P=0, SC=2, PT=203, length 4 (20 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC 1
            0x80, 0x00, 0x00, 0x00, // SSRC 0x80000000
            0x06,                   // reason length 6
            'c', 'l', 'o', 's', 'e', 'd',
            0x00);                  // null octet to the 32-bit boundary

    static final byte[] BYE_WITHOUT_REASON = RtcpBytes.of(
            0x81, 0xCB, 0x00, 0x01, // V=2, P=0, SC=1, PT=203, length 1
            0x00, 0x00, 0x00, 0x07); // SSRC 7

    @Test
    void parsesSourcesAndReason() throws RtcpException {
        Goodbye bye = (Goodbye) RtcpBytes.roundTrip(BYE_WITH_REASON);
        assertEquals(List.of(1L, 0x80000000L), bye.ssrcs());
        assertEquals("closed", bye.reason());
    }

    @Test
    void parsesWithoutReason() throws RtcpException {
        Goodbye bye = (Goodbye) RtcpBytes.roundTrip(BYE_WITHOUT_REASON);
        assertEquals(new Goodbye(List.of(7L), ""), bye);
    }

    @Test
    void rejectsReasonBeyondPacket() {
        byte[] bytes = BYE_WITH_REASON.clone();
        bytes[12] = 0x08; // reason length 8, 7 bytes left
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }
}
