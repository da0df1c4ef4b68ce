package dev.sfu.core.stun;

import static dev.sfu.core.stun.StunMessageRfc5769Test.SAMPLE_IPV4_RESPONSE;
import static dev.sfu.core.stun.StunMessageRfc5769Test.SAMPLE_REQUEST;
import static dev.sfu.core.stun.StunMessageRfc5769Test.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private static final String HEADER_ID = "2112a442 000102030405060708090a0b";
    private static final byte[] KEY = "key".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("shorter than the header", "0001 0000 2112a442 0001020304050607"),
                Arguments.of("top bits set", "c001 0000 " + HEADER_ID),
                Arguments.of("bad magic cookie", "0001 0000 2112a443 000102030405060708090a0b"),
                Arguments.of("length not multiple of 4", "0001 0002 " + HEADER_ID + " 0000"),
                Arguments.of("length longer than data", "0001 0008 " + HEADER_ID + " 00060000"),
                Arguments.of("length shorter than data", "0001 0000 " + HEADER_ID + " 00250000"),
                Arguments.of("attribute runs past end", "0001 0008 " + HEADER_ID + " 00060008 61626364"),
                Arguments.of("padding runs past end", "0001 0008 " + HEADER_ID + " 00060005 61626364"),
                Arguments.of("PRIORITY of 3 bytes", "0001 0008 " + HEADER_ID + " 00240003 01020300"),
                Arguments.of("ICE-CONTROLLING of 4 bytes", "0001 0008 " + HEADER_ID + " 802a0004 01020304"),
                Arguments.of("USE-CANDIDATE with value", "0001 0008 " + HEADER_ID + " 00250004 01020304"),
                Arguments.of("FINGERPRINT of 8 bytes",
                        "0001 000c " + HEADER_ID + " 80280008 0102030405060708"),
                Arguments.of("attribute after FINGERPRINT",
                        "0001 000c " + HEADER_ID + " 80280004 01020304 00250000"),
                Arguments.of("MESSAGE-INTEGRITY of 4 bytes", "0001 0008 " + HEADER_ID + " 00080004 01020304"),
                Arguments.of("ERROR-CODE of 2 bytes", "0111 0008 " + HEADER_ID + " 00090002 04010000"),
                Arguments.of("XOR-MAPPED-ADDRESS of 4 bytes", "0101 0008 " + HEADER_ID + " 00200004 00010000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedMessageWithStunException(String name, String hexBytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(hex(hexBytes));
        try {
            assertThrows(StunException.class, () -> StunMessage.decode(buf));
            assertEquals(0, buf.readerIndex());
            assertFalse(StunMessage.checkFingerprint(buf));
            assertFalse(StunMessage.checkMessageIntegrity(buf, KEY));
        } finally {
            buf.release();
        }
    }

    @Test
    void ignoresAttributesAfterMessageIntegrityExceptFingerprint() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("0001 0024 " + HEADER_ID
                + " 00080014 0000000000000000000000000000000000000000 00250000 80280004 00000000"));
        try {
            StunMessage m = StunMessage.decode(buf);
            assertEquals(List.of(StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT),
                    m.attributes().stream().map(StunAttribute::type).toList());
            assertNull(m.attribute(StunAttributeType.USE_CANDIDATE));
        } finally {
            buf.release();
        }
    }

    @Test
    void acceptsAnyPaddingBytes() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("0001 0008 " + HEADER_ID + " 00060001 61ffffff"));
        try {
            assertEquals("a", StunMessage.decode(buf).username());
        } finally {
            buf.release();
        }
    }

    @Test
    void isStunChecksHeaderWithoutMovingIndexes() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(new byte[] {9, 9, 9});
            buf.writeBytes(SAMPLE_REQUEST);
            buf.readerIndex(3);
            assertTrue(StunMessage.isStun(buf));
            assertEquals(3, buf.readerIndex());
            buf.writeByte(0);
            assertFalse(StunMessage.isStun(buf), "length field no longer matches");
        } finally {
            buf.release();
        }
        for (String hexBytes : new String[] {"", "80010000" + HEADER_ID.replace(" ", ""),
                "0001 0000 2112a443 000102030405060708090a0b", "0001 0002 " + HEADER_ID + " 0000"}) {
            ByteBuf other = Unpooled.wrappedBuffer(hex(hexBytes));
            try {
                assertFalse(StunMessage.isStun(other), hexBytes);
            } finally {
                other.release();
            }
        }
    }

    @Test
    void decodesAndVerifiesAtNonZeroReaderIndexInDirectBuffer() throws Exception {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeBytes(new byte[] {1, 2, 3, 4, 5});
            buf.writeBytes(SAMPLE_IPV4_RESPONSE);
            buf.readerIndex(5);
            StunMessage m = StunMessage.decode(buf);
            assertEquals("test vector", m.attribute(StunAttributeType.SOFTWARE).stringValue());
            assertTrue(StunMessage.checkFingerprint(buf));
            assertTrue(StunMessage.checkMessageIntegrity(buf,
                    "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8)));
            assertEquals(5, buf.readerIndex());
            assertEquals(5 + SAMPLE_IPV4_RESPONSE.length, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void roundTripsAttributesThroughEncodeAndDecode() throws Exception {
        byte[] id = StunMessage.newTransactionId();
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443);
        List<StunAttribute> attributes = List.of(
                StunAttribute.username("a:b"),
                StunAttribute.priority(0xFFFF_FFFFL),
                StunAttribute.useCandidate(),
                StunAttribute.iceControlling(-1L),
                StunAttribute.errorCode(487, "Role Conflict"),
                StunAttribute.xorMappedAddress(v6, id),
                StunAttribute.software("sfu"));
        StunMessage m = StunMessage.of(StunMessage.BINDING_ERROR_RESPONSE, id, attributes);
        ByteBuf out = m.encode(ByteBufAllocator.DEFAULT, KEY, true);
        try {
            assertEquals(m.encodedLength(true, true), out.readableBytes());
            assertTrue(StunMessage.isStun(out));
            StunMessage back = StunMessage.decode(out);
            assertArrayEquals(id, back.transactionId());
            assertEquals(attributes, back.attributes().subList(0, attributes.size()));
            assertEquals(0xFFFF_FFFFL, back.attribute(StunAttributeType.PRIORITY).decodePriority());
            assertEquals(-1L, back.attribute(StunAttributeType.ICE_CONTROLLING).decodeTieBreaker());
            assertEquals(487, back.attribute(StunAttributeType.ERROR_CODE).decodeErrorCode());
            assertEquals("Role Conflict", back.attribute(StunAttributeType.ERROR_CODE).decodeErrorReason());
            assertEquals(v6, back.attribute(StunAttributeType.XOR_MAPPED_ADDRESS).decodeXorMappedAddress(id));
            assertTrue(StunMessage.checkMessageIntegrity(out, KEY));
            assertTrue(StunMessage.checkFingerprint(out));
        } finally {
            out.release();
        }
    }

    @Test
    void reencodingDecodedMessageRecomputesIntegrityAndFingerprint() throws Exception {
        ByteBuf raw = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
        ByteBuf again = null;
        try {
            StunMessage m = StunMessage.decode(raw);
            again = m.encode(ByteBufAllocator.DEFAULT, KEY, false);
            assertTrue(StunMessage.checkMessageIntegrity(again, KEY));
            assertFalse(StunMessage.checkFingerprint(again));
            assertEquals(SAMPLE_REQUEST.length - 8, again.readableBytes());
        } finally {
            raw.release();
            if (again != null) {
                again.release();
            }
        }
    }

    @Test
    void detectsTamperingAfterIntegrity() {
        StunMessage m = StunMessage.of(StunMessage.BINDING_REQUEST, StunMessage.newTransactionId(),
                List.of(StunAttribute.username("u:v")));
        ByteBuf out = m.encode(ByteBufAllocator.DEFAULT, KEY, true);
        try {
            out.setByte(24, 'x');
            assertFalse(StunMessage.checkMessageIntegrity(out, KEY));
            assertFalse(StunMessage.checkFingerprint(out));
        } finally {
            out.release();
        }
    }

    @Test
    void factoriesRejectOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> StunAttribute.priority(-1));
        assertThrows(IllegalArgumentException.class, () -> StunAttribute.priority(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> StunAttribute.errorCode(200, "OK"));
        assertThrows(IllegalArgumentException.class, () -> StunAttribute.username("x".repeat(514)));
        assertThrows(IllegalArgumentException.class, () -> new StunAttribute(0x10000, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> StunMessage.of(StunMessage.BINDING_REQUEST, new byte[11], List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> StunAttribute.xorMappedAddress(InetSocketAddress.createUnresolved("host", 1), new byte[12]));
    }

    @Test
    void attributeValueIsCopiedInAndOut() {
        byte[] value = {1, 2, 3};
        StunAttribute a = new StunAttribute(0x8000, value);
        value[0] = 9;
        a.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, a.value());
        assertEquals(new StunAttribute(0x8000, new byte[] {1, 2, 3}), a);
    }

    @Test
    void decodersRejectWrongAttributeType() {
        StunAttribute username = StunAttribute.username("a");
        assertThrows(StunException.class, username::decodePriority);
        assertThrows(StunException.class, username::decodeTieBreaker);
        assertThrows(StunException.class, username::decodeErrorCode);
        assertThrows(StunException.class, () -> username.decodeXorMappedAddress(new byte[12]));
        StunAttribute badFamily = new StunAttribute(StunAttributeType.XOR_MAPPED_ADDRESS, hex("0003000000000000"));
        assertThrows(StunException.class, () -> badFamily.decodeXorMappedAddress(new byte[12]));
    }
}
