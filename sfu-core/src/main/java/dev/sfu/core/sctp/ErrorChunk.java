package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Operation Error (ERROR), RFC 9260 §3.3.10: one or more error causes, the association stays up.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 9    |  Chunk Flags  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                    one or more Error Causes                   /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ErrorChunk(List<ErrorCause> causes) implements Chunk {
    public static final int TYPE = 9;

    public ErrorChunk {
        causes = Tlvs.checked("causes", causes, 0);
    }

    static ErrorChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        return new ErrorChunk(Tlvs.parse(buf, offset, offset + length, ErrorCause::parse));
    }

    @Override
    public int type() {
        return TYPE;
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
