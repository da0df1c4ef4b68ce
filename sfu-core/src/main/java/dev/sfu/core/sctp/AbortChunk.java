package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Abort Association (ABORT), RFC 9260 §3.3.7.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 6    |  Reserved   |T|            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                   zero or more Error Causes                   /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param tagReflected the T bit: the sender used the receiver's own verification tag (§8.4, §8.5.1)
 */
public record AbortChunk(boolean tagReflected, List<ErrorCause> causes) implements Chunk {
    public static final int TYPE = 6;

    public AbortChunk {
        causes = Tlvs.checked("causes", causes, 0);
    }

    static AbortChunk parse(ByteBuf buf, int flags, int offset, int length) throws SctpException {
        return new AbortChunk((flags & 0x01) != 0, Tlvs.parse(buf, offset, offset + length, ErrorCause::parse));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int flags() {
        return tagReflected ? 0x01 : 0;
    }

    @Override
    public int valueLength() {
        return Tlvs.valueLength(causes);
    }

    @Override
    public void writeValue(ByteBuf out) {
        Tlvs.write(out, causes);
    }
}
