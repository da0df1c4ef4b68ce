package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PictureLossIndicationTest {

    static final byte[] PLI = RtcpBytes.of(
            0x81, 0xCE, 0x00, 0x02, // V=2, P=0, FMT=1, PT=206, length 2 (12 bytes)
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
            0xDE, 0xAD, 0xBE, 0xEF); // SSRC of media source

    @Test
    void parsesAndReencodes() throws RtcpException {
        assertEquals(new PictureLossIndication(1, 0xDEADBEEFL), RtcpBytes.roundTrip(PLI));
    }

    @Test
    void rejectsPliWithoutMediaSsrc() {
        byte[] bytes = RtcpBytes.of(
                0x81, 0xCE, 0x00, 0x01, // FMT=1, PT=206, length 1 (8 bytes)
                0x00, 0x00, 0x00, 0x01); // SSRC of packet sender only
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }
}
