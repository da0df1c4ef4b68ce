package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.OptionalLong;

/**
 * Re-configuration Response Parameter (RFC 6525 §4.4). The two next-TSN fields come together or not at
 * all (only a response to an SSN/TSN reset request carries them).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 16       |      Parameter Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Re-configuration Response Sequence Number             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Result                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Sender's Next TSN (optional)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Receiver's Next TSN (optional)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param result 0 success - nothing to do, 1 success - performed, 2 denied, 3 error - wrong SSN,
 *     4 error - request already in progress, 5 error - bad sequence number, 6 in progress (RFC 6525 §4.4)
 */
public record ReconfigurationResponse(
        long responseSequenceNumber, long result, OptionalLong sendersNextTsn, OptionalLong receiversNextTsn)
        implements ReConfigParameter {
    public static final int TYPE = 16;
    public static final long SUCCESS_PERFORMED = 1;
    public static final long IN_PROGRESS = 6;

    public ReconfigurationResponse {
        ChunkHeader.checkU32("responseSequenceNumber", responseSequenceNumber);
        ChunkHeader.checkU32("result", result);
        if (sendersNextTsn.isPresent() != receiversNextTsn.isPresent()) {
            throw new IllegalArgumentException("sendersNextTsn and receiversNextTsn come together");
        }
        if (sendersNextTsn.isPresent()) {
            ChunkHeader.checkU32("sendersNextTsn", sendersNextTsn.getAsLong());
            ChunkHeader.checkU32("receiversNextTsn", receiversNextTsn.getAsLong());
        }
    }

    static ReconfigurationResponse parse(ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length == 8 || length == 16, "Re-configuration Response length is not 12 or 20");
        boolean withTsns = length == 16;
        return new ReconfigurationResponse(buf.getUnsignedInt(offset), buf.getUnsignedInt(offset + 4),
                withTsns ? OptionalLong.of(buf.getUnsignedInt(offset + 8)) : OptionalLong.empty(),
                withTsns ? OptionalLong.of(buf.getUnsignedInt(offset + 12)) : OptionalLong.empty());
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return sendersNextTsn.isPresent() ? 16 : 8;
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeInt((int) responseSequenceNumber);
        out.writeInt((int) result);
        if (sendersNextTsn.isPresent()) {
            out.writeInt((int) sendersNextTsn.getAsLong());
            out.writeInt((int) receiversNextTsn.getAsLong());
        }
    }
}
