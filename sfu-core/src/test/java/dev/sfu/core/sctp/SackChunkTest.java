package dev.sfu.core.sctp;

import static dev.sfu.core.sctp.SctpBytes.ChunkRow.bad;
import static dev.sfu.core.sctp.SctpBytes.ChunkRow.good;

import dev.sfu.core.sctp.SackChunk.GapAckBlock;
import dev.sfu.core.sctp.SctpBytes.ChunkRow;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SACK, RFC 9260 §3.3.4. */
class SackChunkTest {

    static Stream<ChunkRow> rows() {
        return Stream.of(
                good("no gaps, no duplicates",
                        new SackChunk(2930332242L, 131072, List.of(), List.of()),
                        0x03, 0x00, 0x00, 0x10, // type 3, length 16
                        0xAE, 0xA9, 0x52, 0x52, // cumulative TSN ack
                        0x00, 0x02, 0x00, 0x00, // a_rwnd 131072
                        0x00, 0x00, 0x00, 0x00), // 0 gap ack blocks, 0 duplicate TSNs
                good("two gap blocks and a duplicate TSN",
                        new SackChunk(100, 4096, List.of(new GapAckBlock(2, 3), new GapAckBlock(5, 0xFFFF)),
                                List.of(0xFFFF_FFFFL)),
                        0x03, 0x00, 0x00, 0x1C, // type 3, length 28
                        0x00, 0x00, 0x00, 0x64, // cumulative TSN ack 100
                        0x00, 0x00, 0x10, 0x00, // a_rwnd 4096
                        0x00, 0x02, 0x00, 0x01, // 2 gap ack blocks, 1 duplicate TSN
                        0x00, 0x02, 0x00, 0x03, // gap block 1: start 2, end 3
                        0x00, 0x05, 0xFF, 0xFF, // gap block 2: start 5, end 65535
                        0xFF, 0xFF, 0xFF, 0xFF), // duplicate TSN
                bad("counts claim more blocks than the length holds",
                        0x03, 0x00, 0x00, 0x10, // length 16
                        0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x10, 0x00,
                        0x00, 0x01, 0x00, 0x00), // 1 gap block, but no room
                bad("length longer than the counts",
                        0x03, 0x00, 0x00, 0x14, // length 20
                        0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x10, 0x00,
                        0x00, 0x00, 0x00, 0x00, // 0 gap blocks, 0 duplicates
                        0x00, 0x00, 0x00, 0x00), // 4 unexplained bytes
                bad("truncated fixed fields",
                        0x03, 0x00, 0x00, 0x0C, // length 12
                        0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x10, 0x00),
                bad("length field past the end",
                        0x03, 0x00, 0x00, 0x14, // length 20, 16 present
                        0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(ChunkRow row) throws SctpException {
        row.check();
    }
}
