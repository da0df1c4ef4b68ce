package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Initiation (INIT), RFC 9260 §3.3.2. The codec accepts an Initiate Tag of 0 or zero streams: the
 * association answers those with an ABORT (§3.3.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 1    |  Chunk Flags  |         Chunk Length          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Initiate Tag                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Advertised Receiver Window Credit (a_rwnd)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Number of Outbound Streams   |   Number of Inbound Streams   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Initial TSN                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               \
 * /              Optional/Variable-Length Parameters              /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record InitChunk(
        long initiateTag,
        long advertisedReceiverWindowCredit,
        int outboundStreams,
        int inboundStreams,
        long initialTsn,
        List<InitParameter> parameters)
        implements Chunk {
    public static final int TYPE = 1;

    public InitChunk {
        InitFields.check(initiateTag, advertisedReceiverWindowCredit, outboundStreams, inboundStreams, initialTsn);
        parameters = Tlvs.checked("parameters", parameters, InitFields.FIXED_LENGTH);
    }

    static InitChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        InitFields.Values v = InitFields.parse("INIT", buf, offset, length);
        return new InitChunk(v.initiateTag(), v.advertisedReceiverWindowCredit(), v.outboundStreams(),
                v.inboundStreams(), v.initialTsn(), v.parameters());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return InitFields.FIXED_LENGTH + Tlvs.valueLength(parameters);
    }

    @Override
    public void writeValue(ByteBuf out) {
        InitFields.write(out, initiateTag, advertisedReceiverWindowCredit, outboundStreams, inboundStreams,
                initialTsn, parameters);
    }
}
