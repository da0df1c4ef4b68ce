package dev.sfu.core.stun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * An immutable STUN message (RFC 8489 §5):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * followed by attributes, each padded to a multiple of 4 bytes. The message length counts the
 * attribute bytes (with padding), not the 20-byte header.
 *
 * <p>MESSAGE-INTEGRITY and FINGERPRINT are computed by {@link #encode}, never copied from {@link
 * #attributes()}; a decoded message keeps them in its attribute list so they can be inspected, and
 * {@link #checkMessageIntegrity} and {@link #checkFingerprint} verify them against the raw bytes.
 */
public final class StunMessage {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    public static final int BINDING_ERROR_RESPONSE = 0x0111;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;
    public static final int TRANSACTION_ID_LENGTH = 12;

    private static final int MESSAGE_INTEGRITY_TOTAL = 4 + StunIntegrity.HMAC_SHA1_LENGTH;
    private static final int FINGERPRINT_TOTAL = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int type;
    private final byte[] transactionId;
    private final List<StunAttribute> attributes;

    private StunMessage(int type, byte[] transactionId, List<StunAttribute> attributes) {
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
    }

    /**
     * A message of the given type (14 bits: method and class, e.g. {@link #BINDING_REQUEST}).
     *
     * @throws IllegalArgumentException if the type does not fit 14 bits or the ID is not 12 bytes
     */
    public static StunMessage of(int type, byte[] transactionId, List<StunAttribute> attributes) {
        if (type < 0 || type > 0x3FFF) {
            throw new IllegalArgumentException("STUN message type out of range: " + type);
        }
        StunAttribute.checkTransactionId(transactionId);
        return new StunMessage(type, transactionId.clone(), List.copyOf(attributes));
    }

    /** A fresh 96-bit transaction ID from a {@link SecureRandom} (RFC 8489 §6). */
    public static byte[] newTransactionId() {
        byte[] id = new byte[TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(id);
        return id;
    }

    public int type() {
        return type;
    }

    /** A copy of the 12-byte transaction ID. */
    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** The attributes in wire order (unmodifiable). */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of the given type, or null. */
    public StunAttribute attribute(int attributeType) {
        for (StunAttribute a : attributes) {
            if (a.type() == attributeType) {
                return a;
            }
        }
        return null;
    }

    /** The USERNAME as text, or null when absent. */
    public String username() {
        StunAttribute a = attribute(StunAttributeType.USERNAME);
        return a == null ? null : a.stringValue();
    }

    /** True for the request class (C1 C0 = 00). */
    public boolean isRequest() {
        return (type & 0x0110) == 0x0000;
    }

    /** True for the indication class (C1 C0 = 01). */
    public boolean isIndication() {
        return (type & 0x0110) == 0x0010;
    }

    /** The method bits of the type (1 for Binding). */
    public int method() {
        return (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
    }

    /**
     * A cheap check that the bytes at {@code buf.readerIndex()} look like a STUN message: at least 20
     * readable bytes, the two top bits zero, the magic cookie, and a length field equal to the readable
     * bytes after the header and a multiple of 4. Indexes are not moved.
     */
    public static boolean isStun(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable < HEADER_LENGTH) {
            return false;
        }
        int start = buf.readerIndex();
        int length = buf.getUnsignedShort(start + 2);
        return (buf.getByte(start) & 0xC0) == 0
                && buf.getInt(start + 4) == MAGIC_COOKIE
                && length == readable - HEADER_LENGTH
                && (length & 3) == 0;
    }

    /**
     * Decodes the readable bytes of {@code buf} as one STUN message. Reader and writer indexes are not
     * changed and nothing outside the readable bytes is read. Every attribute length and its padding
     * must fit; attributes with a fixed size must have it; FINGERPRINT must be last; attributes after
     * MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5). Padding bytes may hold
     * any value.
     *
     * @throws StunException if the bytes are not a well-formed STUN message
     */
    public static StunMessage decode(ByteBuf buf) throws StunException {
        int readable = buf.readableBytes();
        if (readable < HEADER_LENGTH) {
            throw new StunException("shorter than the 20-byte header: " + readable + " bytes");
        }
        int start = buf.readerIndex();
        int first = buf.getUnsignedShort(start);
        if ((first & 0xC000) != 0) {
            throw new StunException("top two bits of the message type are not zero");
        }
        if (buf.getInt(start + 4) != MAGIC_COOKIE) {
            throw new StunException("bad magic cookie 0x" + Integer.toHexString(buf.getInt(start + 4)));
        }
        int length = buf.getUnsignedShort(start + 2);
        if ((length & 3) != 0) {
            throw new StunException("message length " + length + " is not a multiple of 4");
        }
        if (length != readable - HEADER_LENGTH) {
            throw new StunException("message length " + length + " but " + (readable - HEADER_LENGTH)
                    + " bytes follow the header");
        }
        byte[] transactionId = new byte[TRANSACTION_ID_LENGTH];
        buf.getBytes(start + 8, transactionId);

        List<StunAttribute> attributes = new ArrayList<>();
        int end = start + HEADER_LENGTH + length;
        int pos = start + HEADER_LENGTH;
        boolean afterIntegrity = false;
        boolean sawFingerprint = false;
        while (pos < end) {
            if (sawFingerprint) {
                throw new StunException("attribute after FINGERPRINT");
            }
            if (end - pos < 4) {
                throw new StunException("truncated attribute header at offset " + (pos - start));
            }
            int attrType = buf.getUnsignedShort(pos);
            int attrLength = buf.getUnsignedShort(pos + 2);
            int padded = (attrLength + 3) & ~3;
            if (padded > end - pos - 4) {
                throw new StunException("attribute 0x" + Integer.toHexString(attrType) + " length " + attrLength
                        + " runs past the message end");
            }
            checkAttributeLength(attrType, attrLength);
            byte[] value = new byte[attrLength];
            buf.getBytes(pos + 4, value);
            if (attrType == StunAttributeType.FINGERPRINT) {
                sawFingerprint = true;
                attributes.add(new StunAttribute(attrType, value));
            } else if (!afterIntegrity) {
                attributes.add(new StunAttribute(attrType, value));
                afterIntegrity = attrType == StunAttributeType.MESSAGE_INTEGRITY;
            }
            pos += 4 + padded;
        }
        return new StunMessage(first, transactionId, Collections.unmodifiableList(attributes));
    }

    private static void checkAttributeLength(int attrType, int attrLength) throws StunException {
        int expected = switch (attrType) {
            case StunAttributeType.MESSAGE_INTEGRITY -> StunIntegrity.HMAC_SHA1_LENGTH;
            case StunAttributeType.FINGERPRINT, StunAttributeType.PRIORITY -> 4;
            case StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING -> 8;
            case StunAttributeType.USE_CANDIDATE -> 0;
            default -> -1;
        };
        if (expected >= 0 && attrLength != expected) {
            throw new StunException("attribute 0x" + Integer.toHexString(attrType) + " has length " + attrLength
                    + ", expected " + expected);
        }
        if (attrType == StunAttributeType.USERNAME && attrLength > StunAttribute.MAX_USERNAME_BYTES) {
            throw new StunException("USERNAME longer than 513 bytes");
        }
        if (attrType == StunAttributeType.ERROR_CODE && attrLength < 4) {
            throw new StunException("ERROR-CODE shorter than 4 bytes");
        }
        if (attrType == StunAttributeType.XOR_MAPPED_ADDRESS && attrLength != 8 && attrLength != 20) {
            throw new StunException("XOR-MAPPED-ADDRESS has length " + attrLength + ", expected 8 or 20");
        }
    }

    /** The encoded size in bytes, with MESSAGE-INTEGRITY and FINGERPRINT when asked. */
    public int encodedLength(boolean integrity, boolean fingerprint) {
        int length = HEADER_LENGTH + attributesLength();
        return length + (integrity ? MESSAGE_INTEGRITY_TOTAL : 0) + (fingerprint ? FINGERPRINT_TOTAL : 0);
    }

    /**
     * Encodes into a new buffer from {@code alloc}; the caller releases it. Attributes are written in
     * order with zero padding (MESSAGE-INTEGRITY and FINGERPRINT in the list are skipped), then
     * MESSAGE-INTEGRITY keyed with {@code integrityKey} when it is not null (for short-term
     * credentials the key is the password's UTF-8 bytes), then FINGERPRINT when asked.
     *
     * @throws IllegalArgumentException if the message would be longer than 65535 + 20 bytes
     */
    public ByteBuf encode(ByteBufAllocator alloc, byte[] integrityKey, boolean fingerprint) {
        ByteBuf out = alloc.buffer(encodedLength(integrityKey != null, fingerprint));
        try {
            writeTo(out, integrityKey, fingerprint);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Writes the message at {@code out.writerIndex()}, as {@link #encode} does. */
    public void writeTo(ByteBuf out, byte[] integrityKey, boolean fingerprint) {
        int total = encodedLength(integrityKey != null, fingerprint);
        if (total - HEADER_LENGTH > 0xFFFF) {
            throw new IllegalArgumentException("STUN message too long: " + total + " bytes");
        }
        int start = out.writerIndex();
        out.writeShort(type);
        out.writeShort(attributesLength());
        out.writeInt(MAGIC_COOKIE);
        out.writeBytes(transactionId);
        for (StunAttribute a : attributes) {
            if (isComputed(a.type())) {
                continue;
            }
            byte[] value = a.valueNoCopy();
            out.writeShort(a.type());
            out.writeShort(value.length);
            out.writeBytes(value);
            out.writeZero(((value.length + 3) & ~3) - value.length);
        }
        if (integrityKey != null) {
            int lengthField = out.writerIndex() - start - HEADER_LENGTH + MESSAGE_INTEGRITY_TOTAL;
            out.setShort(start + 2, lengthField);
            byte[] hmac = StunIntegrity.hmacSha1(integrityKey, out, start, out.writerIndex() - start, lengthField);
            out.writeShort(StunAttributeType.MESSAGE_INTEGRITY);
            out.writeShort(hmac.length);
            out.writeBytes(hmac);
        }
        if (fingerprint) {
            out.setShort(start + 2, out.writerIndex() - start - HEADER_LENGTH + FINGERPRINT_TOTAL);
            long crc = StunIntegrity.fingerprint(out, start, out.writerIndex() - start);
            out.writeShort(StunAttributeType.FINGERPRINT);
            out.writeShort(4);
            out.writeInt((int) crc);
        }
    }

    private int attributesLength() {
        int length = 0;
        for (StunAttribute a : attributes) {
            if (!isComputed(a.type())) {
                length += 4 + ((a.length() + 3) & ~3);
            }
        }
        return length;
    }

    private static boolean isComputed(int attrType) {
        return attrType == StunAttributeType.MESSAGE_INTEGRITY || attrType == StunAttributeType.FINGERPRINT;
    }

    /**
     * Verifies MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) of the raw message at {@code
     * raw.readerIndex()}. The HMAC input is the message up to MESSAGE-INTEGRITY with the length field
     * set to end just after it, so attributes that follow (FINGERPRINT) do not matter. The comparison
     * takes constant time. Indexes are not moved; malformed input gives false.
     *
     * @param key for short-term credentials, the password's UTF-8 bytes
     */
    public static boolean checkMessageIntegrity(ByteBuf raw, byte[] key) {
        if (key == null) {
            return false;
        }
        int start = raw.readerIndex();
        int offset = findAttribute(raw, StunAttributeType.MESSAGE_INTEGRITY);
        if (offset < 0 || raw.getUnsignedShort(start + offset + 2) != StunIntegrity.HMAC_SHA1_LENGTH) {
            return false;
        }
        int lengthField = offset - HEADER_LENGTH + MESSAGE_INTEGRITY_TOTAL;
        byte[] expected = StunIntegrity.hmacSha1(key, raw, start, offset, lengthField);
        byte[] actual = new byte[StunIntegrity.HMAC_SHA1_LENGTH];
        raw.getBytes(start + offset + 4, actual);
        return StunIntegrity.constantTimeEquals(expected, actual);
    }

    /**
     * Verifies FINGERPRINT (CRC-32 XOR 0x5354554e, RFC 8489 §14.7), which must be the last attribute
     * of the raw message at {@code raw.readerIndex()}. Indexes are not moved; malformed input or a
     * missing FINGERPRINT gives false.
     */
    public static boolean checkFingerprint(ByteBuf raw) {
        int offset = findAttribute(raw, StunAttributeType.FINGERPRINT);
        int start = raw.readerIndex();
        if (offset < 0 || raw.getUnsignedShort(start + offset + 2) != 4) {
            return false;
        }
        int messageLength = HEADER_LENGTH + raw.getUnsignedShort(start + 2);
        if (offset + FINGERPRINT_TOTAL != messageLength) {
            return false;
        }
        long crc = StunIntegrity.fingerprint(raw, start, offset);
        return (raw.getInt(start + offset + 4) & 0xFFFF_FFFFL) == crc;
    }

    /**
     * The offset from the message start of the first attribute of the given type, walking the
     * attributes within the length field and the readable bytes; -1 when absent or malformed.
     */
    private static int findAttribute(ByteBuf raw, int attrType) {
        int readable = raw.readableBytes();
        if (readable < HEADER_LENGTH) {
            return -1;
        }
        int start = raw.readerIndex();
        if (raw.getInt(start + 4) != MAGIC_COOKIE) {
            return -1;
        }
        int end = HEADER_LENGTH + raw.getUnsignedShort(start + 2);
        if (end > readable) {
            return -1;
        }
        int pos = HEADER_LENGTH;
        while (end - pos >= 4) {
            int type = raw.getUnsignedShort(start + pos);
            int padded = (raw.getUnsignedShort(start + pos + 2) + 3) & ~3;
            if (padded > end - pos - 4) {
                return -1;
            }
            if (type == attrType) {
                return pos;
            }
            pos += 4 + padded;
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StunMessage[type=0x").append(String.format("%04x", type))
                .append(", transactionId=").append(HexFormat.of().formatHex(transactionId));
        for (StunAttribute a : attributes) {
            sb.append(", 0x").append(String.format("%04x", a.type()));
            if (a.type() == StunAttributeType.USERNAME || a.type() == StunAttributeType.SOFTWARE) {
                sb.append('=').append(new String(a.valueNoCopy(), StandardCharsets.UTF_8));
            }
        }
        return sb.append(']').toString();
    }
}
