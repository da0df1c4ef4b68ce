package dev.sfu.core.sctp;

import static dev.sfu.core.sctp.SctpBytes.ChunkRow.bad;
import static dev.sfu.core.sctp.SctpBytes.ChunkRow.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfu.core.sctp.SctpBytes.ChunkRow;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HEARTBEAT (RFC 9260 §3.3.5), HEARTBEAT ACK (§3.3.6), ABORT (§3.3.7), SHUTDOWN (§3.3.8), SHUTDOWN ACK
 * (§3.3.9), ERROR (§3.3.10), COOKIE ECHO (§3.3.11), COOKIE ACK (§3.3.12), SHUTDOWN COMPLETE (§3.3.13) and
 * unknown chunk types (§3.2).
 */
class ControlChunksTest {
    static final Bytes INFO = Bytes.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5);

    static Stream<ChunkRow> rows() {
        return Stream.of(
                good("HEARTBEAT",
                        new HeartbeatChunk(INFO),
                        0x04, 0x00, 0x00, 0x0D, // type 4, length 13
                        0x00, 0x01, 0x00, 0x09, // Heartbeat Info type 1, length 9
                        0x01, 0x02, 0x03, 0x04, // sender-specific info ...
                        0x05, 0x00, 0x00, 0x00), // ... and 3 bytes of padding
                good("HEARTBEAT ACK",
                        new HeartbeatAckChunk(INFO),
                        0x05, 0x00, 0x00, 0x0D, // type 5, length 13
                        0x00, 0x01, 0x00, 0x09, // Heartbeat Info type 1, length 9
                        0x01, 0x02, 0x03, 0x04,
                        0x05, 0x00, 0x00, 0x00),
                bad("HEARTBEAT without Heartbeat Info",
                        0x04, 0x00, 0x00, 0x04), // header only
                bad("HEARTBEAT with another parameter type",
                        0x04, 0x00, 0x00, 0x08, // length 8
                        0x00, 0x02, 0x00, 0x04), // parameter type 2
                bad("HEARTBEAT ACK info length past the chunk",
                        0x05, 0x00, 0x00, 0x08, // length 8
                        0x00, 0x01, 0x00, 0x10), // info claims 16 bytes
                good("ABORT with the T bit and a User-Initiated Abort cause",
                        new AbortChunk(true, List.of(new ErrorCause(ErrorCause.USER_INITIATED_ABORT, Bytes.of((byte) 'b', (byte) 'y', (byte) 'e')))),
                        0x06, 0x01, 0x00, 0x0B, // type 6, flags T, length 11
                        0x00, 0x0C, 0x00, 0x07, // cause code 12, cause length 7
                        'b', 'y', 'e', 0x00), // reason, 1 byte of padding
                good("ABORT without causes",
                        new AbortChunk(false, List.of()),
                        0x06, 0x00, 0x00, 0x04), // type 6, no flags, length 4
                bad("ABORT cause length past the chunk",
                        0x06, 0x00, 0x00, 0x08, // length 8
                        0x00, 0x0D, 0x00, 0x0C), // Protocol Violation cause claims 12 bytes
                good("SHUTDOWN",
                        new ShutdownChunk(0xFFFF_FFFFL),
                        0x07, 0x00, 0x00, 0x08, // type 7, length 8
                        0xFF, 0xFF, 0xFF, 0xFF), // cumulative TSN ack
                bad("SHUTDOWN without its TSN",
                        0x07, 0x00, 0x00, 0x04),
                good("SHUTDOWN ACK",
                        new ShutdownAckChunk(),
                        0x08, 0x00, 0x00, 0x04), // type 8, length 4
                bad("SHUTDOWN ACK with a value",
                        0x08, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00),
                good("ERROR with two causes, the first padded",
                        new ErrorChunk(List.of(
                                new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER, Bytes.of((byte) 0, (byte) 9, (byte) 0, (byte) 0)),
                                new ErrorCause(ErrorCause.PROTOCOL_VIOLATION, Bytes.of((byte) 'x')))),
                        0x09, 0x00, 0x00, 0x11, // type 9, length 17
                        0x00, 0x01, 0x00, 0x08, // Invalid Stream Identifier, length 8
                        0x00, 0x09, 0x00, 0x00, // stream 9, reserved
                        0x00, 0x0D, 0x00, 0x05, // Protocol Violation, length 5
                        'x', 0x00, 0x00, 0x00), // information, chunk padding
                good("COOKIE ECHO",
                        new CookieEchoChunk(Bytes.of((byte) 0xC0, (byte) 0x0C, (byte) 0x1E)),
                        0x0A, 0x00, 0x00, 0x07, // type 10, length 7
                        0xC0, 0x0C, 0x1E, 0x00), // cookie, 1 byte of padding
                good("COOKIE ACK",
                        new CookieAckChunk(),
                        0x0B, 0x00, 0x00, 0x04), // type 11, length 4
                bad("COOKIE ACK with a value",
                        0x0B, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00),
                good("SHUTDOWN COMPLETE with the T bit",
                        new ShutdownCompleteChunk(true),
                        0x0E, 0x01, 0x00, 0x04), // type 14, flags T, length 4
                bad("SHUTDOWN COMPLETE with a value",
                        0x0E, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00),
                good("unknown chunk type kept with its flags",
                        new UnknownChunk(0x40, 0xA5, Bytes.of((byte) 0x11, (byte) 0x22)),
                        0x40, 0xA5, 0x00, 0x06, // type 0x40, flags 0xA5, length 6
                        0x11, 0x22, 0x00, 0x00), // value, 2 bytes of padding
                bad("chunk length below 4",
                        0x0B, 0x00, 0x00, 0x03),
                bad("chunk header truncated",
                        0x0B, 0x00, 0x00),
                bad("padding missing after an unknown chunk",
                        0x40, 0x00, 0x00, 0x05, 0x11)); // length 5, no padding
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(ChunkRow row) throws SctpException {
        row.check();
    }

    @Test
    void recordsRejectFieldsOutsideTheirWireRange() {
        assertThrows(IllegalArgumentException.class, () -> new ShutdownChunk(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new ShutdownChunk(-1));
        assertThrows(IllegalArgumentException.class, () -> new UnknownChunk(256, 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new CookieEchoChunk(Bytes.of(new byte[0xFFFC])));
        assertThrows(IllegalArgumentException.class, () -> new SctpPacket(0x10000, 1, 0, List.of()));
    }

    @Test
    void unknownChunkKeepsItsActionBits() {
        assertEquals(0b00, new UnknownChunk(0x3F, 0, Bytes.EMPTY).actionBits());
        assertEquals(0b01, new UnknownChunk(0x40, 0, Bytes.EMPTY).actionBits());
        assertEquals(0b10, new UnknownChunk(0x80, 0, Bytes.EMPTY).actionBits());
        assertEquals(0b11, new UnknownChunk(0xC1, 0, Bytes.EMPTY).actionBits());
    }
}
