package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DATA_CHANNEL_OPEN (RFC 8832 §5.1) and DATA_CHANNEL_ACK (§5.2); PPIDs of RFC 8831 §8. */
class DcepMessageTest {

    record Row(String name, byte[] bytes, DcepMessage expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("reliable channel, label \"chat\", no protocol", SctpBytes.of(
                        0x03, 0x00, 0x01, 0x00, // DATA_CHANNEL_OPEN, reliable, priority 256
                        0x00, 0x00, 0x00, 0x00, // reliability parameter 0
                        0x00, 0x04, 0x00, 0x00, // label length 4, protocol length 0
                        'c', 'h', 'a', 't'), // label
                        new DataChannelOpen(DataChannelType.RELIABLE, 256, 0, "chat", "")),
                new Row("partial reliable rexmit unordered, UTF-8 label and protocol", SctpBytes.of(
                        0x03, 0x81, 0x00, 0x80, // DATA_CHANNEL_OPEN, rexmit unordered, priority 128
                        0x00, 0x00, 0x00, 0x03, // 3 retransmissions
                        0x00, 0x02, 0x00, 0x04, // label length 2, protocol length 4
                        0xC3, 0xA9, // label "é"
                        'w', 'a', 'm', 'p'), // protocol
                        new DataChannelOpen(DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 128, 3, "é", "wamp")),
                new Row("partial reliable timed", SctpBytes.of(
                        0x03, 0x02, 0xFF, 0xFF, // DATA_CHANNEL_OPEN, timed, priority 65535
                        0xFF, 0xFF, 0xFF, 0xFF, // lifetime in ms
                        0x00, 0x00, 0x00, 0x00), // empty label and protocol
                        new DataChannelOpen(DataChannelType.PARTIAL_RELIABLE_TIMED, 0xFFFF, 0xFFFF_FFFFL, "", "")),
                new Row("DATA_CHANNEL_ACK", SctpBytes.of(0x02), new DataChannelAck()),
                new Row("empty message", SctpBytes.of(), null),
                new Row("unknown message type", SctpBytes.of(0x04), null),
                new Row("DATA_CHANNEL_ACK with a trailing byte", SctpBytes.of(0x02, 0x00), null),
                new Row("unknown channel type", SctpBytes.of(
                        0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00), null),
                new Row("truncated fixed fields", SctpBytes.of(
                        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00), null),
                new Row("label length past the end", SctpBytes.of(
                        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                        0x00, 0x05, 0x00, 0x00, // label length 5 ...
                        'a', 'b'), null), // ... 2 bytes present
                new Row("label not UTF-8", SctpBytes.of(
                        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                        0x00, 0x01, 0x00, 0x00,
                        0xFF), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void roundTripsOrRejects(Row row) throws SctpException {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(row.bytes());
            if (row.expected() == null) {
                assertThrows(SctpException.class, () -> DcepMessage.parse(buf));
                return;
            }
            DcepMessage parsed = DcepMessage.parse(buf);
            assertEquals(0, buf.readerIndex());
            assertEquals(row.expected(), parsed);
            row.expected().writeTo(out);
            assertEquals(row.expected().encodedLength(), out.readableBytes());
            assertArrayEquals(row.bytes(), ByteBufUtil.getBytes(out));
        } finally {
            buf.release();
            out.release();
        }
    }

    @Test
    void parsesTheUserDataOfADcepDataChunk() throws SctpException {
        assertEquals(new DataChannelAck(), DcepMessage.parse(Bytes.of((byte) 0x02)));
    }

    @Test
    void channelTypesKnowTheirOrdering() {
        assertEquals(false, DataChannelType.PARTIAL_RELIABLE_TIMED.unordered());
        assertEquals(true, DataChannelType.RELIABLE_UNORDERED.unordered());
        assertEquals(0x82, DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED.code());
    }

    @Test
    void payloadProtocolIdentifiersAreThoseOfRfc8831Section8() {
        assertEquals(50, PayloadProtocolIdentifier.DCEP);
        assertEquals(51, PayloadProtocolIdentifier.STRING);
        assertEquals(53, PayloadProtocolIdentifier.BINARY);
        assertEquals(56, PayloadProtocolIdentifier.STRING_EMPTY);
        assertEquals(57, PayloadProtocolIdentifier.BINARY_EMPTY);
    }
}
