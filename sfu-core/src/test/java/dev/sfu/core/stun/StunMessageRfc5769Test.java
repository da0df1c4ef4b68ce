package dev.sfu.core.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test vectors of RFC 5769, each test citing its section. */
class StunMessageRfc5769Test {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRANSACTION_ID = hex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 §2.1 Sample Request. */
    static final byte[] SAMPLE_REQUEST = hex("""
            00 01 00 58   21 12 a4 42
            b7 e7 a7 01   bc 34 d6 86   fa 87 df ae
            80 22 00 10   53 54 55 4e   20 74 65 73   74 20 63 6c   69 65 6e 74
            00 24 00 04   6e 00 01 ff
            80 29 00 08   93 2f f9 b1   51 26 3b 36
            00 06 00 09   65 76 74 6a   3a 68 36 76   59 20 20 20
            00 08 00 14   9a ea a7 0c   bf d8 cb 56   78 1e f2 b5   b2 d3 f2 49   c1 b5 71 a2
            80 28 00 04   e5 7a 3b cf
            """);
    // type/length, cookie, transaction ID,
    // SOFTWARE "STUN test client", PRIORITY 0x6e0001ff, ICE-CONTROLLED tie-breaker,
    // USERNAME "evtj:h6vY" padded with three spaces, MESSAGE-INTEGRITY, FINGERPRINT

    /** RFC 5769 §2.2 Sample IPv4 Response. */
    static final byte[] SAMPLE_IPV4_RESPONSE = hex("""
            01 01 00 3c   21 12 a4 42
            b7 e7 a7 01   bc 34 d6 86   fa 87 df ae
            80 22 00 0b   74 65 73 74   20 76 65 63   74 6f 72 20
            00 20 00 08   00 01 a1 47   e1 12 a6 43
            00 08 00 14   2b 91 f5 99   fd 9e 90 c3   8c 74 89 f9   2a f9 ba 53   f0 6b e7 d7
            80 28 00 04   c0 7d 4c 96
            """);
    // SOFTWARE "test vector" padded with one space, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MI, FINGERPRINT

    /** RFC 5769 §2.3 Sample IPv6 Response. */
    static final byte[] SAMPLE_IPV6_RESPONSE = hex("""
            01 01 00 48   21 12 a4 42
            b7 e7 a7 01   bc 34 d6 86   fa 87 df ae
            80 22 00 0b   74 65 73 74   20 76 65 63   74 6f 72 20
            00 20 00 14   00 02 a1 47   01 13 a9 fa   a5 d3 f1 79   bc 25 f4 b5   be d2 b9 d9
            00 08 00 14   a3 82 95 4e   4b e6 7b f1   17 84 c9 7c   82 92 c2 75   bf e3 ed 41
            80 28 00 04   c8 fb 0b 4c
            """);
    // SOFTWARE "test vector" padded with one space,
    // XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853, MI, FINGERPRINT

    /** RFC 5769 §2.4 Sample Request with Long-Term Authentication. */
    static final byte[] SAMPLE_LONG_TERM_REQUEST = hex("""
            00 01 00 60   21 12 a4 42
            78 ad 34 33   c6 ad 72 c0   29 da 41 2e
            00 06 00 12   e3 83 9e e3   83 88 e3 83   aa e3 83 83   e3 82 af e3   82 b9 00 00
            00 15 00 1c   66 2f 2f 34   39 39 6b 39   35 34 64 36   4f 4c 33 34   6f 4c 39 46
                          53 54 76 79   36 34 73 41
            00 14 00 0b   65 78 61 6d   70 6c 65 2e   6f 72 67 00
            00 08 00 14   f6 70 24 65   6d d6 4a 3e   02 b8 e0 71   2e 85 c9 a2   8c a8 96 66
            """);
    // USERNAME "マトリックス" (U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9), NONCE, REALM "example.org", MI

    @Test
    void rfc5769Section2_1_sampleRequestDecodesEveryField() throws Exception {
        ByteBuf raw = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
        try {
            assertTrue(StunMessage.isStun(raw));
            StunMessage m = StunMessage.decode(raw);
            assertEquals(0, raw.readerIndex());
            assertEquals(StunMessage.BINDING_REQUEST, m.type());
            assertTrue(m.isRequest());
            assertEquals(1, m.method());
            assertArrayEquals(TRANSACTION_ID, m.transactionId());
            assertEquals(6, m.attributes().size());
            assertEquals("STUN test client", m.attribute(StunAttributeType.SOFTWARE).stringValue());
            assertEquals(0x6e0001ffL, m.attribute(StunAttributeType.PRIORITY).decodePriority());
            assertEquals(0x932ff9b151263b36L, m.attribute(StunAttributeType.ICE_CONTROLLED).decodeTieBreaker());
            assertEquals("evtj:h6vY", m.username());
            assertArrayEquals(hex("9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"),
                    m.attribute(StunAttributeType.MESSAGE_INTEGRITY).value());
            assertArrayEquals(hex("e57a3bcf"), m.attribute(StunAttributeType.FINGERPRINT).value());
            assertTrue(StunMessage.checkMessageIntegrity(raw, PASSWORD));
            assertTrue(StunMessage.checkFingerprint(raw));
            assertFalse(StunMessage.checkMessageIntegrity(raw, "wrong".getBytes(StandardCharsets.UTF_8)));
        } finally {
            raw.release();
        }
    }

    @Test
    void rfc5769Section2_1_encodedRequestMatchesVectorExceptUsernamePadding() throws Exception {
        StunMessage m = StunMessage.of(StunMessage.BINDING_REQUEST, TRANSACTION_ID, List.of(
                StunAttribute.software("STUN test client"),
                StunAttribute.priority(0x6e0001ffL),
                StunAttribute.iceControlled(0x932ff9b151263b36L),
                StunAttribute.username("evtj:h6vY")));
        ByteBuf out = m.encode(ByteBufAllocator.DEFAULT, PASSWORD, true);
        try {
            byte[] bytes = ByteBufUtil.getBytes(out);
            assertEquals(SAMPLE_REQUEST.length, bytes.length);
            // The vector pads USERNAME with spaces (0x20); we pad with zeros, as RFC 8489 §14 recommends.
            // Bytes up to MESSAGE-INTEGRITY match once the padding is set aside.
            int usernamePadding = 20 + 20 + 8 + 12 + 4 + 9;
            byte[] expected = Arrays.copyOf(SAMPLE_REQUEST, usernamePadding + 3 + 24);
            Arrays.fill(expected, usernamePadding, usernamePadding + 3, (byte) 0);
            assertArrayEquals(Arrays.copyOf(expected, usernamePadding + 3 + 4),
                    Arrays.copyOf(bytes, usernamePadding + 3 + 4));
            // The HMAC and CRC differ only because they cover that padding; ours verify.
            assertTrue(StunMessage.checkMessageIntegrity(out, PASSWORD));
            assertTrue(StunMessage.checkFingerprint(out));
            assertEquals(m.attributes(), StunMessage.decode(out).attributes().subList(0, 4));
        } finally {
            out.release();
        }
    }

    @Test
    void rfc5769Section2_2_sampleIpv4ResponseDecodesAndVerifies() throws Exception {
        ByteBuf raw = Unpooled.wrappedBuffer(SAMPLE_IPV4_RESPONSE);
        try {
            StunMessage m = StunMessage.decode(raw);
            assertEquals(StunMessage.BINDING_SUCCESS_RESPONSE, m.type());
            assertArrayEquals(TRANSACTION_ID, m.transactionId());
            assertEquals("test vector", m.attribute(StunAttributeType.SOFTWARE).stringValue());
            assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853),
                    m.attribute(StunAttributeType.XOR_MAPPED_ADDRESS).decodeXorMappedAddress(TRANSACTION_ID));
            assertTrue(StunMessage.checkMessageIntegrity(raw, PASSWORD));
            assertTrue(StunMessage.checkFingerprint(raw));
        } finally {
            raw.release();
        }
    }

    @Test
    void rfc5769Section2_2_encodedIpv4ResponseMatchesVectorExceptSoftwarePadding() throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertEncodedResponseMatches(SAMPLE_IPV4_RESPONSE, mapped);
    }

    @Test
    void rfc5769Section2_3_sampleIpv6ResponseDecodesAndVerifies() throws Exception {
        ByteBuf raw = Unpooled.wrappedBuffer(SAMPLE_IPV6_RESPONSE);
        try {
            StunMessage m = StunMessage.decode(raw);
            assertEquals(StunMessage.BINDING_SUCCESS_RESPONSE, m.type());
            assertEquals("test vector", m.attribute(StunAttributeType.SOFTWARE).stringValue());
            InetSocketAddress address =
                    m.attribute(StunAttributeType.XOR_MAPPED_ADDRESS).decodeXorMappedAddress(TRANSACTION_ID);
            assertEquals(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), address.getAddress());
            assertEquals(32853, address.getPort());
            assertTrue(StunMessage.checkMessageIntegrity(raw, PASSWORD));
            assertTrue(StunMessage.checkFingerprint(raw));
        } finally {
            raw.release();
        }
    }

    @Test
    void rfc5769Section2_3_encodedIpv6ResponseMatchesVectorExceptSoftwarePadding() throws Exception {
        InetSocketAddress mapped =
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertEncodedResponseMatches(SAMPLE_IPV6_RESPONSE, mapped);
    }

    @Test
    void rfc5769Section2_4_longTermRequestDecodesAndVerifiesWithMd5Key() throws Exception {
        ByteBuf raw = Unpooled.wrappedBuffer(SAMPLE_LONG_TERM_REQUEST);
        try {
            StunMessage m = StunMessage.decode(raw);
            assertEquals(StunMessage.BINDING_REQUEST, m.type());
            assertArrayEquals(hex("78ad3433c6ad72c029da412e"), m.transactionId());
            assertEquals("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", m.username());
            assertEquals("f//499k954d6OL34oL9FSTvy64sA", m.attribute(StunAttributeType.NONCE).stringValue());
            assertEquals("example.org", m.attribute(StunAttributeType.REALM).stringValue());
            // §2.4: the password "The<U+00AD>M<U+00AA>tr<U+2168>" is "TheMatrIX" after SASLprep;
            // the long-term key is MD5(username ":" realm ":" password) (RFC 8489 §9.2.2).
            byte[] key = MessageDigest.getInstance("MD5").digest(
                    (m.username() + ":example.org:TheMatrIX").getBytes(StandardCharsets.UTF_8));
            assertTrue(StunMessage.checkMessageIntegrity(raw, key));
            assertFalse(StunMessage.checkFingerprint(raw), "the vector carries no FINGERPRINT");
        } finally {
            raw.release();
        }
    }

    /**
     * Encodes SOFTWARE "test vector", XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT and compares
     * with the vector. The vector pads SOFTWARE (11 bytes) with a space; we pad with a zero byte, so
     * that byte is set aside, and MESSAGE-INTEGRITY / FINGERPRINT (which cover it) are checked by
     * verification rather than by bytes.
     */
    private static void assertEncodedResponseMatches(byte[] vector, InetSocketAddress mapped) {
        StunMessage m = StunMessage.of(StunMessage.BINDING_SUCCESS_RESPONSE, TRANSACTION_ID, List.of(
                StunAttribute.software("test vector"),
                StunAttribute.xorMappedAddress(mapped, TRANSACTION_ID)));
        ByteBuf out = m.encode(ByteBufAllocator.DEFAULT, PASSWORD, true);
        try {
            byte[] bytes = ByteBufUtil.getBytes(out);
            assertEquals(vector.length, bytes.length);
            int softwarePadding = 20 + 4 + 11;
            byte[] expected = vector.clone();
            expected[softwarePadding] = 0;
            int integrityValue = bytes.length - 8 - 20;
            assertArrayEquals(Arrays.copyOf(expected, integrityValue), Arrays.copyOf(bytes, integrityValue));
            assertArrayEquals(Arrays.copyOfRange(expected, bytes.length - 8, bytes.length - 4),
                    Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length - 4), "FINGERPRINT header");
            assertTrue(StunMessage.checkMessageIntegrity(out, PASSWORD));
            assertTrue(StunMessage.checkFingerprint(out));
            assertNotNull(StunMessage.decode(out).attribute(StunAttributeType.FINGERPRINT));
        } catch (StunException e) {
            throw new AssertionError(e);
        } finally {
            out.release();
        }
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }
}
