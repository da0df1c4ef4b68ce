package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * Heartbeat Request (HEARTBEAT), RFC 9260 §3.3.5.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 4    |  Chunk Flags  |       Heartbeat Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Heartbeat Info Type = 1    |         HB Info Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                 Sender-Specific Heartbeat Info                /
 * \                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record HeartbeatChunk(Bytes heartbeatInformation) implements Chunk {
    public static final int TYPE = 4;

    public HeartbeatChunk {
        HeartbeatInfo.check(heartbeatInformation);
    }

    static HeartbeatChunk parse(ByteBuf buf, int offset, int length) throws SctpException {
        return new HeartbeatChunk(HeartbeatInfo.parse("HEARTBEAT", buf, offset, length));
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
