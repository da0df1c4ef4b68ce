package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Incoming SSN Reset Request Parameter (RFC 6525 §4.2): asks the peer to reset its outgoing streams
 * (no list: all of them).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Re-configuration Request Sequence Number             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            ......                             /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number N-1 (optional) |    Stream Number N (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record IncomingSsnResetRequest(long requestSequenceNumber, List<Integer> streams) implements ReConfigParameter {
    public static final int TYPE = 14;
    private static final int FIXED_LENGTH = 4;

    public IncomingSsnResetRequest {
        ChunkHeader.checkU32("requestSequenceNumber", requestSequenceNumber);
        streams = StreamNumbers.checked(streams, FIXED_LENGTH);
    }

    static IncomingSsnResetRequest parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, "Incoming SSN Reset Request shorter than 8 bytes");
        return new IncomingSsnResetRequest(buf.getUnsignedInt(offset),
                StreamNumbers.parse("Incoming SSN Reset Request", buf, offset + FIXED_LENGTH, length - FIXED_LENGTH));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return FIXED_LENGTH + 2 * streams.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) requestSequenceNumber);
        StreamNumbers.write(out, streams);
    }
}
