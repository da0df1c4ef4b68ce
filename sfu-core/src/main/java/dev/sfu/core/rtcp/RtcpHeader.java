package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The RTCP common header (RFC 3550 §6.4.1) and field checks shared by the packet records.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  RC/FMT |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class RtcpHeader {
    static final int LENGTH = 4;
    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;
    static final int BYE = 203;
    static final int RTPFB = 205;
    static final int PSFB = 206;

    private RtcpHeader() {}

    /** Writes a header without padding for a packet of {@code encodedLength} bytes (a multiple of 4). */
    static void write(ByteBuf out, int countOrFormat, int packetType, int encodedLength) {
        out.writeByte(0x80 | countOrFormat);
        out.writeByte(packetType);
        out.writeShort(encodedLength / 4 - 1);
    }

    static long checkU32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " out of 32-bit unsigned range: " + value);
        }
        return value;
    }

    static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + value);
        }
        return value;
    }

    /**
     * Strictly decodes UTF-8 text; malformed text is rejected so that a parsed record always encodes
     * back to the same bytes (a lenient decoder would grow each bad byte into a 3-byte U+FFFD).
     */
    static String utf8(ByteBuf buf, int offset, int length) throws RtcpException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf.nioBuffer(offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RtcpException("text is not valid UTF-8");
        }
    }

    static void require(boolean condition, String message) throws RtcpException {
        if (!condition) {
            throw new RtcpException(message);
        }
    }
}
