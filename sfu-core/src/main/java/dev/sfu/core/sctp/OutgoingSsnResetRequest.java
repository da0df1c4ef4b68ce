package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Outgoing SSN Reset Request Parameter (RFC 6525 §4.1): the sender resets its outgoing streams (no list:
 * all of them) once its TSNs up to the Sender's Last Assigned TSN arrived.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Re-configuration Request Sequence Number            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Re-configuration Response Sequence Number           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Sender's Last Assigned TSN                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                            ......                             /
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Stream Number N-1 (optional) |    Stream Number N (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record OutgoingSsnResetRequest(
        long requestSequenceNumber, long responseSequenceNumber, long sendersLastAssignedTsn, List<Integer> streams)
        implements ReConfigParameter {
    public static final int TYPE = 13;
    private static final int FIXED_LENGTH = 12;

    public OutgoingSsnResetRequest {
        ChunkHeader.checkU32("requestSequenceNumber", requestSequenceNumber);
        ChunkHeader.checkU32("responseSequenceNumber", responseSequenceNumber);
        ChunkHeader.checkU32("sendersLastAssignedTsn", sendersLastAssignedTsn);
        streams = StreamNumbers.checked(streams, FIXED_LENGTH);
    }

    static OutgoingSsnResetRequest parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length >= FIXED_LENGTH, "Outgoing SSN Reset Request shorter than 16 bytes");
        return new OutgoingSsnResetRequest(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4),
                buf.getUnsignedInt(offset + 8),
                StreamNumbers.parse("Outgoing SSN Reset Request", buf, offset + FIXED_LENGTH, length - FIXED_LENGTH));
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
        out.writeInt((int) responseSequenceNumber);
        out.writeInt((int) sendersLastAssignedTsn);
        StreamNumbers.write(out, streams);
    }
}
