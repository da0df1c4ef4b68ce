package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Re-configuration Chunk (RE-CONFIG), RFC 6525 §3.1: one or two re-configuration parameters.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Type = 130    |  Chunk Flags  |      Chunk Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /                  Re-configuration Parameter                   /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /             Re-configuration Parameter (optional)             /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record ReConfigChunk(List<ReConfigParameter> parameters) implements Chunk {
    public static final int TYPE = 130;

    public ReConfigChunk {
        parameters = Tlvs.checked("parameters", parameters, 0);
    }

    static ReConfigChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        List<ReConfigParameter> parameters = Tlvs.parse(buf, offset, offset + length, ReConfigParameter::parse);
        SctpException.require(parameters.size() == 1 || parameters.size() == 2,
                "RE-CONFIG with " + parameters.size() + " parameters, not 1 or 2");
        return new ReConfigChunk(parameters);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return Tlvs.valueLength(parameters);
    }

    @Override
    public void writeValue(ByteBuf out) {
        Tlvs.write(out, parameters);
    }
}
