package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Supported Extensions parameter (RFC 5061 §4.2.7): the chunk types beyond RFC 9260 the sender
 * understands, for example FORWARD TSN (192) and RE-CONFIG (130) in WebRTC.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 0x8008   |      Parameter Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | CHUNK TYPE 1  |  CHUNK TYPE 2 |  CHUNK TYPE 3 |  CHUNK TYPE 4 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | CHUNK TYPE N  |      PAD      |      PAD      |      PAD      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record SupportedExtensions(List<Integer> chunkTypes) implements InitParameter {
    public static final int TYPE = 0x8008;

    public SupportedExtensions {
        chunkTypes = List.copyOf(chunkTypes);
        for (int chunkType : chunkTypes) {
            ChunkHeader.checkRange("chunkType", chunkType, 0, 255);
        }
        ChunkHeader.checkValueLength("chunkTypes", chunkTypes.size());
    }

    static SupportedExtensions parse(ByteBuf buf, int offset, int length) {
        List<Integer> chunkTypes = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            chunkTypes.add((int) buf.getUnsignedByte(offset + i));
        }
        return new SupportedExtensions(chunkTypes);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return chunkTypes.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        for (int chunkType : chunkTypes) {
            out.writeByte(chunkType);
        }
    }
}
