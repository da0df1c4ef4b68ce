package dev.sfu.core.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Source description (RFC 3550 §6.5). Each chunk is an SSRC followed by items and ends with a null
 * octet (the END item), then null octets up to the next 32-bit boundary.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SDES items                          |
 * |                              ...                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * item: |     type      |     length    | text (length octets, UTF-8) ...
 * </pre>
 */
public record SourceDescription(List<SourceDescription.Chunk> chunks) implements RtcpPacket {
    public static final int END = 0;
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    public SourceDescription {
        chunks = List.copyOf(chunks);
        RtcpHeader.checkRange("chunks", chunks.size(), 0, 31);
    }

    /** The items about one source. */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            RtcpHeader.checkU32("ssrc", ssrc);
            items = List.copyOf(items);
        }

        int encodedLength() {
            int length = 4 + 1; // SSRC and the END item
            for (Item item : items) {
                length += 2 + item.textLength();
            }
            return (length + 3) & ~3;
        }
    }

    /** One SDES item; {@code type} is 1..255 (0 is END), the UTF-8 text at most 255 bytes. */
    public record Item(int type, String text) {
        public Item {
            RtcpHeader.checkRange("type", type, 1, 255);
            RtcpHeader.checkRange("text length", ByteBufUtil.utf8Bytes(text), 0, 255);
        }

        /** The text's UTF-8 length, counted without encoding it (reports are built every second per stream). */
        int textLength() {
            return ByteBufUtil.utf8Bytes(text);
        }
    }

    static SourceDescription parse(ByteBuf buf, int count, int offset, int length) throws RtcpException {
        int index = offset;
        int end = offset + length;
        List<Chunk> chunks = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            RtcpHeader.require(end - index >= 4, "SDES chunk truncated");
            long ssrc = buf.getUnsignedInt(index);
            index += 4;
            List<Item> items = new ArrayList<>();
            while (true) {
                RtcpHeader.require(index < end, "SDES chunk without END item");
                int type = buf.getUnsignedByte(index);
                if (type == END) {
                    index = offset + ((index - offset + 4) & ~3);
                    RtcpHeader.require(index <= end, "SDES chunk padding truncated");
                    break;
                }
                RtcpHeader.require(end - index >= 2, "SDES item truncated");
                int textLength = buf.getUnsignedByte(index + 1);
                RtcpHeader.require(end - index - 2 >= textLength, "SDES item text truncated");
                items.add(new Item(type, RtcpHeader.utf8(buf, index + 2, textLength)));
                index += 2 + textLength;
            }
            chunks.add(new Chunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    @Override
    public int encodedLength() {
        int length = RtcpHeader.LENGTH;
        for (Chunk chunk : chunks) {
            length += chunk.encodedLength();
        }
        return length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        RtcpHeader.write(out, chunks.size(), RtcpHeader.SDES, encodedLength());
        for (Chunk chunk : chunks) {
            int start = out.writerIndex();
            out.writeInt((int) chunk.ssrc());
            for (Item item : chunk.items()) {
                out.writeByte(item.type());
                out.writeByte(item.textLength());
                ByteBufUtil.writeUtf8(out, item.text());
            }
            out.writeZero(chunk.encodedLength() - (out.writerIndex() - start));
        }
    }
}
