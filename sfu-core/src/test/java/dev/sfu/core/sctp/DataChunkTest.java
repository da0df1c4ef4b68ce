package dev.sfu.core.sctp;

import static dev.sfu.core.sctp.SctpBytes.ChunkRow.bad;
import static dev.sfu.core.sctp.SctpBytes.ChunkRow.good;

import dev.sfu.core.sctp.SctpBytes.ChunkRow;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DATA, RFC 9260 §3.3.1 (and the I bit, RFC 7053 §3). */
class DataChunkTest {

    static Stream<ChunkRow> rows() {
        return Stream.of(
                good("complete unordered binary message, padded",
                        new DataChunk(false, true, true, true, 0xFFFF_FFFEL, 1, 0, 53, Bytes.of((byte) 0xAB)),
                        0x00, 0x07, 0x00, 0x11, // type 0, flags U|B|E, length 17
                        0xFF, 0xFF, 0xFF, 0xFE, // TSN
                        0x00, 0x01, 0x00, 0x00, // stream identifier 1, stream sequence number 0
                        0x00, 0x00, 0x00, 0x35, // PPID 53 (binary)
                        0xAB, 0x00, 0x00, 0x00), // user data, 3 bytes of padding
                good("middle fragment with the I bit, 4 bytes of data",
                        new DataChunk(true, false, false, false, 7, 0xFFFF, 0x1234, 51, Bytes.of((byte) 'a', (byte) 'b', (byte) 'c', (byte) 'd')),
                        0x00, 0x08, 0x00, 0x14, // type 0, flags I, length 20
                        0x00, 0x00, 0x00, 0x07, // TSN 7
                        0xFF, 0xFF, 0x12, 0x34, // stream 65535, SSN 0x1234
                        0x00, 0x00, 0x00, 0x33, // PPID 51 (string)
                        'a', 'b', 'c', 'd'), // user data, no padding needed
                good("no user data still parses (the association rejects it)",
                        new DataChunk(false, false, true, true, 1, 0, 0, 50, Bytes.EMPTY),
                        0x00, 0x03, 0x00, 0x10, // type 0, flags B|E, length 16
                        0x00, 0x00, 0x00, 0x01, // TSN 1
                        0x00, 0x00, 0x00, 0x00, // stream 0, SSN 0
                        0x00, 0x00, 0x00, 0x32), // PPID 50
                bad("length 12 leaves no room for the fixed fields",
                        0x00, 0x03, 0x00, 0x0C, // length 12
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00),
                bad("truncated inside the fixed fields",
                        0x00, 0x03, 0x00, 0x10, // length 16 ...
                        0x00, 0x00, 0x00, 0x01), // ... but 8 bytes present
                bad("length field past the end",
                        0x00, 0x03, 0x00, 0x18, // length 24
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x35,
                        0xAB, 0xAB, 0xAB, 0xAB), // 20 bytes present
                bad("padding missing after 17 bytes",
                        0x00, 0x03, 0x00, 0x11, // length 17, not followed by 3 bytes of padding
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x35,
                        0xAB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(ChunkRow row) throws SctpException {
        row.check();
    }
}
