package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat Acknowledgement (HEARTBEAT ACK), RFC 9260 §3.3.6: echoes the request's information.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 5    |  Chunk Flags  |       Heartbeat Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Heartbeat Info Type = 1    |         HB Info Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                 Sender-Specific Heartbeat Info                /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record HeartbeatAckChunk(Bytes heartbeatInformation) implements Chunk {
    public static final int TYPE = 5;

    public HeartbeatAckChunk {
        HeartbeatInfo.check(heartbeatInformation);
    }

    static HeartbeatAckChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        return new HeartbeatAckChunk(HeartbeatInfo.parse("HEARTBEAT ACK", buf, offset, length));
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return ChunkHeader.LENGTH + heartbeatInformation.length();
    }

    @Override
    public void writeValue(ByteBuf out) {
        HeartbeatInfo.write(out, heartbeatInformation);
    }
}
