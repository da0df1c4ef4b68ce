package dev.sfu.core.sctp;

import static dev.sfu.core.sctp.SctpBytes.ChunkRow.bad;
import static dev.sfu.core.sctp.SctpBytes.ChunkRow.good;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.sctp.SctpBytes.ChunkRow;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3) with RFC 5061 and RFC 3758 parameters. */
class InitChunkTest {
    static final StateCookie COOKIE = new StateCookie(Bytes.of((byte) 0xC0, (byte) 0x0C, (byte) 0x1E));

    static Stream<ChunkRow> rows() {
        return Stream.of(
                good("INIT without parameters",
                        new InitChunk(0x0EDDCA08L, 131072, 1000, 1000, 1426601527, List.of()),
                        0x01, 0x00, 0x00, 0x14, // type 1, flags 0, length 20
                        0x0E, 0xDD, 0xCA, 0x08, // initiate tag
                        0x00, 0x02, 0x00, 0x00, // a_rwnd 131072
                        0x03, 0xE8, 0x03, 0xE8, // 1000 outbound, 1000 inbound streams
                        0x55, 0x08, 0x36, 0x37), // initial TSN 1426601527
                good("INIT with an unknown parameter, Forward-TSN-Supported and Supported Extensions",
                        new InitChunk(1, 0xFFFF_FFFFL, 65535, 1, 0xFFFF_FFFFL, List.of(
                                new UnknownParameter(0x8000, Bytes.EMPTY),
                                new ForwardTsnSupported(),
                                new SupportedExtensions(List.of(192, 130)))),
                        0x01, 0x00, 0x00, 0x22, // type 1, length 34 (last parameter unpadded)
                        0x00, 0x00, 0x00, 0x01, // initiate tag 1
                        0xFF, 0xFF, 0xFF, 0xFF, // a_rwnd
                        0xFF, 0xFF, 0x00, 0x01, // 65535 outbound, 1 inbound
                        0xFF, 0xFF, 0xFF, 0xFF, // initial TSN
                        0x80, 0x00, 0x00, 0x04, // ECN Capable (0x8000, action bits 10: skip), length 4
                        0xC0, 0x00, 0x00, 0x04, // Forward-TSN-Supported, length 4
                        0x80, 0x08, 0x00, 0x06, // Supported Extensions, length 6
                        0xC0, 0x82, 0x00, 0x00), // FORWARD TSN, RE-CONFIG, chunk padding
                good("INIT ACK with a State Cookie followed by another parameter",
                        new InitAckChunk(0xAABBCCDDL, 1500, 16, 17, 99, List.of(
                                COOKIE, new ForwardTsnSupported())),
                        0x02, 0x00, 0x00, 0x20, // type 2, length 32
                        0xAA, 0xBB, 0xCC, 0xDD, // initiate tag
                        0x00, 0x00, 0x05, 0xDC, // a_rwnd 1500
                        0x00, 0x10, 0x00, 0x11, // 16 outbound, 17 inbound
                        0x00, 0x00, 0x00, 0x63, // initial TSN 99
                        0x00, 0x07, 0x00, 0x07, // State Cookie, length 7
                        0xC0, 0x0C, 0x1E, 0x00, // cookie, 1 byte padding (counted in the chunk length)
                        0xC0, 0x00, 0x00, 0x04), // Forward-TSN-Supported
                bad("INIT shorter than its fixed fields",
                        0x01, 0x00, 0x00, 0x10, // length 16
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01),
                bad("parameter length below 4",
                        0x01, 0x00, 0x00, 0x18, // length 24
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
                        0xC0, 0x00, 0x00, 0x02), // parameter length 2
                bad("parameter length past the chunk",
                        0x01, 0x00, 0x00, 0x18, // length 24
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
                        0x00, 0x07, 0x00, 0x08), // State Cookie claims 8 bytes, 4 left
                bad("parameter header truncated",
                        0x01, 0x00, 0x00, 0x16, // length 22
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
                        0x00, 0x07, 0x00, 0x00), // 2 bytes of a header, then padding
                bad("Forward-TSN-Supported with a value",
                        0x01, 0x00, 0x00, 0x1C, // length 28
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
                        0xC0, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(ChunkRow row) throws SctpException {
        row.check();
    }

    /** RFC 9260 §3.2: a receiver accepts a chunk length that counts the last parameter's padding too. */
    @Test
    void acceptsAChunkLengthThatCountsTheLastParameterPadding() throws SctpException {
        byte[] bytes = SctpBytes.of(
                0x02, 0x00, 0x00, 0x1C, // type 2, length 28: cookie padding included
                0x00, 0x00, 0x00, 0x01, // initiate tag 1
                0x00, 0x00, 0x05, 0xDC, // a_rwnd 1500
                0x00, 0x01, 0x00, 0x01, // 1 outbound, 1 inbound
                0x00, 0x00, 0x00, 0x02, // initial TSN 2
                0x00, 0x07, 0x00, 0x07, // State Cookie, length 7
                0xC0, 0x0C, 0x1E, 0x00); // cookie, 1 byte of padding
        assertEquals(List.of(new InitAckChunk(1, 1500, 1, 1, 2, List.of(COOKIE))), SctpBytes.parseChunks(bytes));
    }

    @Test
    void initAckFindsItsStateCookie() {
        InitAckChunk ack = new InitAckChunk(1, 1, 1, 1, 1, List.of(new ForwardTsnSupported(), COOKIE));
        assertEquals(Optional.of(COOKIE), ack.stateCookie());
    }

    @Test
    void unknownParameterKeepsItsActionBits() {
        assertEquals(0b10, new UnknownParameter(0x8000, Bytes.EMPTY).actionBits());
        assertEquals(0b01, new UnknownParameter(0x4001, Bytes.EMPTY).actionBits());
        assertEquals(0b11, new UnknownParameter(0xC004, Bytes.EMPTY).actionBits());
    }
}
