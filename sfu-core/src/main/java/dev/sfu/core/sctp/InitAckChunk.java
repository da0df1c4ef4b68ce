package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;

/**
 * Initiation Acknowledgement (INIT ACK), RFC 9260 §3.3.3. The State Cookie is one of its parameters;
 * {@link #stateCookie()} finds it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 2    |  Chunk Flags  |         Chunk Length          |
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
public record InitAckChunk(
        long initiateTag,
        long advertisedReceiverWindowCredit,
        int outboundStreams,
        int inboundStreams,
        long initialTsn,
        List<InitParameter> parameters)
        implements Chunk {
    public static final int TYPE = 2;

    public InitAckChunk {
        InitFields.check(initiateTag, advertisedReceiverWindowCredit, outboundStreams, inboundStreams, initialTsn);
        parameters = Tlvs.checked("parameters", parameters, InitFields.FIXED_LENGTH);
    }

    static InitAckChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        InitFields.Values v = InitFields.parse("INIT ACK", buf, offset, length);
        return new InitAckChunk(v.initiateTag(), v.advertisedReceiverWindowCredit(), v.outboundStreams(),
                v.inboundStreams(), v.initialTsn(), v.parameters());
    }

    /** The State Cookie parameter, which a well-formed INIT ACK carries (RFC 9260 §3.3.3). */
    public Optional<StateCookie> stateCookie() {
        for (InitParameter parameter : parameters) {
            if (parameter instanceof StateCookie cookie) {
                return Optional.of(cookie);
            }
        }
        return Optional.empty();
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
