package dev.sfu.core.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceDescriptionTest {

    /** One chunk with a 16-character CNAME, as Chromium sends it. */
    static final byte[] SDES_CNAME = RtcpBytes.of(
            0x81, 0xCA, 0x00, 0x06, // V=2, P=0, SC=1, PT=202, length 6 (28 bytes)
            0x11, 0x22, 0x33, 0x44, // SSRC
            0x01, 0x10,             // CNAME, length 16
            'q', '8', 'X', 'm', 'H', 'q', 'n', 'E', 'd', '5', 'U', 'E', 'a', '6', 'w', 'N',
            0x00,                   // END
            0x00);                  // null octet to the 32-bit boundary

    static final byte[] SDES_TWO_CHUNKS = RtcpBytes.of(
            0x82, 0xCA, 0x00, 0x06, // V=2, P=0, SC=2, PT=202, length 6 (28 bytes)
            0x00, 0x00, 0x00, 0x01, // chunk 1: SSRC 1
            0x01, 0x02, 'a', 'b',   // CNAME "ab"
            0x00, 0x00, 0x00, 0x00, // END and 3 null octets (chunk ends on a boundary)
            0x00, 0x00, 0x00, 0x02, // chunk 2: SSRC 2
            0x06, 0x01, 'x',        // TOOL "x"
            0x02, 0x00,             // NAME ""
            0x00, 0x00, 0x00);      // END and 2 null octets

    @Test
    void parsesChromiumCname() throws RtcpException {
        SourceDescription sdes = (SourceDescription) RtcpBytes.roundTrip(SDES_CNAME);
        assertEquals(List.of(new SourceDescription.Chunk(0x11223344L,
                List.of(new SourceDescription.Item(SourceDescription.CNAME, "q8XmHqnEd5UEa6wN")))), sdes.chunks());
    }

    @Test
    void parsesSeveralChunksAndItems() throws RtcpException {
        SourceDescription sdes = (SourceDescription) RtcpBytes.roundTrip(SDES_TWO_CHUNKS);
        assertEquals(2, sdes.chunks().size());
        assertEquals(1L, sdes.chunks().get(0).ssrc());
        assertEquals(List.of(new SourceDescription.Item(1, "ab")), sdes.chunks().get(0).items());
        assertEquals(2L, sdes.chunks().get(1).ssrc());
        assertEquals(List.of(new SourceDescription.Item(SourceDescription.TOOL, "x"),
                new SourceDescription.Item(SourceDescription.NAME, "")), sdes.chunks().get(1).items());
    }

    @Test
    void rejectsItemTextBeyondPacket() {
        byte[] bytes = SDES_CNAME.clone();
        bytes[9] = 0x20; // CNAME length 32, beyond the packet
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }

    @Test
    void rejectsChunkWithoutEnd() {
        byte[] bytes = RtcpBytes.of(
                0x81, 0xCA, 0x00, 0x02, // SC=1, length 2
                0x00, 0x00, 0x00, 0x01, // SSRC
                0x01, 0x02, 'a', 'b');  // CNAME "ab", no END
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }

    @Test
    void rejectsTextThatIsNotUtf8() {
        byte[] bytes = SDES_CNAME.clone();
        bytes[10] = (byte) 0xFF; // never valid in UTF-8
        assertThrows(RtcpException.class, () -> RtcpBytes.parse(bytes));
    }

    @Test
    void roundTripsNonAsciiText() throws RtcpException {
        SourceDescription sdes = new SourceDescription(List.of(new SourceDescription.Chunk(1,
                List.of(new SourceDescription.Item(SourceDescription.NAME, "Zoë ☃")))));
        assertEquals(sdes, RtcpBytes.parseSingle(RtcpBytes.encode(sdes)));
    }

    @Test
    void rejectsInvalidItems() {
        assertThrows(IllegalArgumentException.class, () -> new SourceDescription.Item(0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SourceDescription.Item(1, "x".repeat(256)));
    }
}
