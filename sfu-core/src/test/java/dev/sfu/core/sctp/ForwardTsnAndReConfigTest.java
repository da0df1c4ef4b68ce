package dev.sfu.core.sctp;

import static dev.sfu.core.sctp.SctpBytes.ChunkRow.bad;
import static dev.sfu.core.sctp.SctpBytes.ChunkRow.good;

import dev.sfu.core.sctp.ForwardTsnChunk.SkippedStream;
import dev.sfu.core.sctp.SctpBytes.ChunkRow;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** FORWARD TSN (RFC 3758 §3.2) and RE-CONFIG with its parameters (RFC 6525 §3.1, §4). */
class ForwardTsnAndReConfigTest {

    static Stream<ChunkRow> rows() {
        return Stream.of(
                good("FORWARD TSN without streams",
                        new ForwardTsnChunk(42, List.of()),
                        0xC0, 0x00, 0x00, 0x08, // type 192, length 8
                        0x00, 0x00, 0x00, 0x2A), // new cumulative TSN 42
                good("FORWARD TSN skipping two streams",
                        new ForwardTsnChunk(0xFFFF_FFFFL, List.of(new SkippedStream(1, 7), new SkippedStream(0xFFFF, 0))),
                        0xC0, 0x00, 0x00, 0x10, // type 192, length 16
                        0xFF, 0xFF, 0xFF, 0xFF, // new cumulative TSN
                        0x00, 0x01, 0x00, 0x07, // stream 1, SSN 7
                        0xFF, 0xFF, 0x00, 0x00), // stream 65535, SSN 0
                bad("FORWARD TSN with half a stream entry",
                        0xC0, 0x00, 0x00, 0x0A, // length 10
                        0x00, 0x00, 0x00, 0x2A, 0x00, 0x01, 0x00, 0x00),
                bad("FORWARD TSN without its TSN",
                        0xC0, 0x00, 0x00, 0x04),
                good("RE-CONFIG: Outgoing SSN Reset Request for streams 1 and 3",
                        new ReConfigChunk(List.of(new OutgoingSsnResetRequest(10, 9, 1000, List.of(1, 3)))),
                        0x82, 0x00, 0x00, 0x18, // type 130, length 24
                        0x00, 0x0D, 0x00, 0x14, // Outgoing SSN Reset Request (13), length 20
                        0x00, 0x00, 0x00, 0x0A, // request sequence number 10
                        0x00, 0x00, 0x00, 0x09, // response sequence number 9
                        0x00, 0x00, 0x03, 0xE8, // sender's last assigned TSN 1000
                        0x00, 0x01, 0x00, 0x03), // streams 1, 3
                good("RE-CONFIG: Outgoing (one stream, padded) and Incoming SSN Reset Requests",
                        new ReConfigChunk(List.of(
                                new OutgoingSsnResetRequest(1, 0, 5, List.of(2)),
                                new IncomingSsnResetRequest(2, List.of()))),
                        0x82, 0x00, 0x00, 0x20, // type 130, length 32
                        0x00, 0x0D, 0x00, 0x12, // Outgoing SSN Reset Request, length 18
                        0x00, 0x00, 0x00, 0x01, // request sequence number 1
                        0x00, 0x00, 0x00, 0x00, // response sequence number 0
                        0x00, 0x00, 0x00, 0x05, // sender's last assigned TSN 5
                        0x00, 0x02, 0x00, 0x00, // stream 2, parameter padding
                        0x00, 0x0E, 0x00, 0x08, // Incoming SSN Reset Request (14), length 8
                        0x00, 0x00, 0x00, 0x02), // request sequence number 2, no streams: all
                good("RE-CONFIG: Re-configuration Response, success - performed",
                        new ReConfigChunk(List.of(new ReconfigurationResponse(10, ReconfigurationResponse.SUCCESS_PERFORMED,
                                OptionalLong.empty(), OptionalLong.empty()))),
                        0x82, 0x00, 0x00, 0x10, // type 130, length 16
                        0x00, 0x10, 0x00, 0x0C, // Re-configuration Response (16), length 12
                        0x00, 0x00, 0x00, 0x0A, // response sequence number 10
                        0x00, 0x00, 0x00, 0x01), // result 1
                good("RE-CONFIG: Re-configuration Response with next TSNs",
                        new ReConfigChunk(List.of(new ReconfigurationResponse(3, ReconfigurationResponse.IN_PROGRESS,
                                OptionalLong.of(7), OptionalLong.of(0xFFFF_FFFFL)))),
                        0x82, 0x00, 0x00, 0x18, // type 130, length 24
                        0x00, 0x10, 0x00, 0x14, // Re-configuration Response, length 20
                        0x00, 0x00, 0x00, 0x03, // response sequence number 3
                        0x00, 0x00, 0x00, 0x06, // result 6, in progress
                        0x00, 0x00, 0x00, 0x07, // sender's next TSN
                        0xFF, 0xFF, 0xFF, 0xFF), // receiver's next TSN
                good("RE-CONFIG: unknown parameter (Add Outgoing Streams) kept raw",
                        new ReConfigChunk(List.of(new UnknownParameter(17, Bytes.of((byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 2, (byte) 0, (byte) 0)))),
                        0x82, 0x00, 0x00, 0x10, // type 130, length 16
                        0x00, 0x11, 0x00, 0x0C, // Add Outgoing Streams (17), length 12
                        0x00, 0x00, 0x00, 0x01, // request sequence number 1
                        0x00, 0x02, 0x00, 0x00), // 2 new streams, reserved
                bad("RE-CONFIG without parameters",
                        0x82, 0x00, 0x00, 0x04),
                bad("RE-CONFIG response of 16 bytes",
                        0x82, 0x00, 0x00, 0x14, // length 20
                        0x00, 0x10, 0x00, 0x10, // Re-configuration Response, length 16: neither 12 nor 20
                        0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07),
                bad("RE-CONFIG Outgoing SSN Reset Request with an odd stream list",
                        0x82, 0x00, 0x00, 0x15, // length 21
                        0x00, 0x0D, 0x00, 0x11, // length 17
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
                        0x00, 0x00, 0x00, 0x00),
                bad("RE-CONFIG Incoming SSN Reset Request without its sequence number",
                        0x82, 0x00, 0x00, 0x08, // length 8
                        0x00, 0x0E, 0x00, 0x04)); // Incoming SSN Reset Request, length 4
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(ChunkRow row) throws SctpException {
        row.check();
    }
}
