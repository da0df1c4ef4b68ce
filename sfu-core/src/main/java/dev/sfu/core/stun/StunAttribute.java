package dev.sfu.core.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One STUN attribute, as a type and its value without padding (RFC 8489 §14):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Immutable: the value is copied in and out. The type constants repeat those of {@link
 * StunAttributeType}.
 *
 * @param type the 16-bit attribute type
 * @param value the value, at most 65535 bytes, without padding
 */
public record StunAttribute(int type, byte[] value) {
    public static final int USERNAME = StunAttributeType.USERNAME;
    public static final int MESSAGE_INTEGRITY = StunAttributeType.MESSAGE_INTEGRITY;
    public static final int ERROR_CODE = StunAttributeType.ERROR_CODE;
    public static final int XOR_MAPPED_ADDRESS = StunAttributeType.XOR_MAPPED_ADDRESS;
    public static final int PRIORITY = StunAttributeType.PRIORITY;
    public static final int USE_CANDIDATE = StunAttributeType.USE_CANDIDATE;
    public static final int SOFTWARE = StunAttributeType.SOFTWARE;
    public static final int FINGERPRINT = StunAttributeType.FINGERPRINT;
    public static final int ICE_CONTROLLED = StunAttributeType.ICE_CONTROLLED;
    public static final int ICE_CONTROLLING = StunAttributeType.ICE_CONTROLLING;

    /** RFC 8489 §14.3: USERNAME is at most 513 bytes. */
    public static final int MAX_USERNAME_BYTES = 513;
    /** RFC 8489 §14.8: the reason phrase is at most 763 bytes. */
    public static final int MAX_REASON_BYTES = 763;
    /** RFC 8489 §14.14: SOFTWARE is at most 763 bytes. */
    public static final int MAX_SOFTWARE_BYTES = 763;

    private static final int FAMILY_IPV4 = 0x01;
    private static final int FAMILY_IPV6 = 0x02;
    private static final byte[] EMPTY = new byte[0];

    public StunAttribute {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("attribute type out of range: " + type);
        }
        if (value == null) {
            throw new IllegalArgumentException("attribute value is null");
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes: " + value.length);
        }
        value = value.length == 0 ? EMPTY : value.clone();
    }

    /** A copy of the value, without padding. */
    @Override
    public byte[] value() {
        return value.length == 0 ? EMPTY : value.clone();
    }

    /** The value length in bytes, without padding. */
    public int length() {
        return value.length;
    }

    byte[] valueNoCopy() {
        return value;
    }

    // ---- factories ----

    /** USERNAME (RFC 8489 §14.3), UTF-8, at most 513 bytes. */
    public static StunAttribute username(String username) {
        byte[] bytes = username.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_USERNAME_BYTES) {
            throw new IllegalArgumentException("USERNAME longer than 513 bytes");
        }
        return new StunAttribute(USERNAME, bytes);
    }

    /** SOFTWARE (RFC 8489 §14.14), UTF-8. */
    public static StunAttribute software(String software) {
        byte[] bytes = software.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SOFTWARE_BYTES) {
            throw new IllegalArgumentException("SOFTWARE longer than 763 bytes");
        }
        return new StunAttribute(SOFTWARE, bytes);
    }

    /**
     * XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for an IPv4 or IPv6 address:
     *
     * <pre>
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |                X-Address (Variable)
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * </pre>
     *
     * X-Port is the port XOR the top 16 bits of the magic cookie; X-Address is the address XOR the
     * magic cookie (IPv4) or XOR the magic cookie followed by the transaction ID (IPv6).
     */
    public static StunAttribute xorMappedAddress(InetSocketAddress address, byte[] transactionId) {
        checkTransactionId(transactionId);
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        byte[] addr = ip.getAddress();
        byte[] out = new byte[4 + addr.length];
        out[1] = (byte) (ip instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6);
        int xPort = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        out[2] = (byte) (xPort >>> 8);
        out[3] = (byte) xPort;
        byte[] mask = xorMask(transactionId);
        for (int i = 0; i < addr.length; i++) {
            out[4 + i] = (byte) (addr[i] ^ mask[i]);
        }
        return new StunAttribute(XOR_MAPPED_ADDRESS, out);
    }

    /** PRIORITY (RFC 8445 §7.1.1), an unsigned 32-bit value. */
    public static StunAttribute priority(long priority) {
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PRIORITY out of range: " + priority);
        }
        return new StunAttribute(PRIORITY, uint32(priority));
    }

    /** USE-CANDIDATE (RFC 8445 §7.1.2), no value. */
    public static StunAttribute useCandidate() {
        return new StunAttribute(USE_CANDIDATE, EMPTY);
    }

    /** ICE-CONTROLLING (RFC 8445 §7.1.3) with a 64-bit tie-breaker. */
    public static StunAttribute iceControlling(long tieBreaker) {
        return new StunAttribute(ICE_CONTROLLING, uint64(tieBreaker));
    }

    /** ICE-CONTROLLED (RFC 8445 §7.1.3) with a 64-bit tie-breaker. */
    public static StunAttribute iceControlled(long tieBreaker) {
        return new StunAttribute(ICE_CONTROLLED, uint64(tieBreaker));
    }

    /**
     * ERROR-CODE (RFC 8489 §14.8):
     *
     * <pre>
     *  0                   1                   2                   3
     *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |           Reserved, should be 0         |Class|     Number    |
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * |      Reason Phrase (variable)                                ..
     * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     * </pre>
     *
     * @param code 300 to 699
     */
    public static StunAttribute errorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("ERROR-CODE out of range: " + code);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("reason phrase longer than 763 bytes");
        }
        byte[] out = new byte[4 + text.length];
        out[2] = (byte) (code / 100);
        out[3] = (byte) (code % 100);
        System.arraycopy(text, 0, out, 4, text.length);
        return new StunAttribute(ERROR_CODE, out);
    }

    // ---- decoders ----

    /** The value as UTF-8 text (USERNAME, SOFTWARE, REALM, NONCE). Malformed UTF-8 is replaced. */
    public String stringValue() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Decodes XOR-MAPPED-ADDRESS with the transaction ID of the message that carried it. */
    public InetSocketAddress decodeXorMappedAddress(byte[] transactionId) throws StunException {
        checkType(XOR_MAPPED_ADDRESS);
        if (transactionId == null || transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new StunException("transaction ID must be 12 bytes");
        }
        int family = value.length >= 2 ? value[1] & 0xFF : -1;
        int addrLength = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
        if (addrLength < 0) {
            throw new StunException("XOR-MAPPED-ADDRESS: unknown address family " + family);
        }
        if (value.length != 4 + addrLength) {
            throw new StunException("XOR-MAPPED-ADDRESS: length " + value.length + " for family " + family);
        }
        int port = (((value[2] & 0xFF) << 8) | (value[3] & 0xFF)) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        byte[] mask = xorMask(transactionId);
        byte[] addr = new byte[addrLength];
        for (int i = 0; i < addrLength; i++) {
            addr[i] = (byte) (value[4 + i] ^ mask[i]);
        }
        try {
            InetAddress ip = family == FAMILY_IPV4
                    ? Inet4Address.getByAddress(addr)
                    : Inet6Address.getByAddress(null, addr, -1);
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new StunException("XOR-MAPPED-ADDRESS: bad address: " + e.getMessage());
        }
    }

    /** Decodes PRIORITY as an unsigned 32-bit value. */
    public long decodePriority() throws StunException {
        checkType(PRIORITY);
        checkLength(4);
        return readUint32(value, 0);
    }

    /** Decodes the 64-bit tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED. */
    public long decodeTieBreaker() throws StunException {
        if (type != ICE_CONTROLLING && type != ICE_CONTROLLED) {
            throw new StunException("not ICE-CONTROLLING or ICE-CONTROLLED: 0x" + Integer.toHexString(type));
        }
        checkLength(8);
        return (readUint32(value, 0) << 32) | readUint32(value, 4);
    }

    /** Decodes the code (class * 100 + number) of ERROR-CODE. */
    public int decodeErrorCode() throws StunException {
        checkType(ERROR_CODE);
        if (value.length < 4) {
            throw new StunException("ERROR-CODE shorter than 4 bytes");
        }
        int errorClass = value[2] & 0x07;
        int number = value[3] & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunException("ERROR-CODE: bad class " + errorClass + " or number " + number);
        }
        return errorClass * 100 + number;
    }

    /** Decodes the reason phrase of ERROR-CODE. */
    public String decodeErrorReason() throws StunException {
        checkType(ERROR_CODE);
        if (value.length < 4) {
            throw new StunException("ERROR-CODE shorter than 4 bytes");
        }
        return new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
    }

    // ---- record plumbing over the array ----

    @Override
    public boolean equals(Object o) {
        return o instanceof StunAttribute other && other.type == type && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StunAttribute[type=0x" + String.format("%04x", type) + ", value=" + HexFormat.of().formatHex(value) + "]";
    }

    // ---- helpers ----

    private void checkType(int expected) throws StunException {
        if (type != expected) {
            throw new StunException(
                    "expected attribute 0x" + Integer.toHexString(expected) + ", got 0x" + Integer.toHexString(type));
        }
    }

    private void checkLength(int expected) throws StunException {
        if (value.length != expected) {
            throw new StunException("attribute 0x" + Integer.toHexString(type) + ": length " + value.length
                    + ", expected " + expected);
        }
    }

    static void checkTransactionId(byte[] transactionId) {
        if (transactionId == null || transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction ID must be 12 bytes");
        }
    }

    /** The magic cookie followed by the transaction ID: the XOR mask of X-Address. */
    private static byte[] xorMask(byte[] transactionId) {
        byte[] mask = new byte[16];
        int cookie = StunMessage.MAGIC_COOKIE;
        mask[0] = (byte) (cookie >>> 24);
        mask[1] = (byte) (cookie >>> 16);
        mask[2] = (byte) (cookie >>> 8);
        mask[3] = (byte) cookie;
        System.arraycopy(transactionId, 0, mask, 4, 12);
        return mask;
    }

    private static byte[] uint32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] uint64(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (56 - 8 * i));
        }
        return out;
    }

    private static long readUint32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }
}
