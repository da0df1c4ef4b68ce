package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a run of {@link Tlv}s filling the rest of a chunk. Per RFC 9260 §3.2 the chunk length
 * includes the padding of every parameter except the last one, whose padding is the chunk's own.
 */
final class Tlvs {
    /** Builds one field from its type and value region; throws only {@link SctpException}. */
    interface Reader<T extends Tlv> {
        T read(int type, ByteBuf buf, int offset, int length) throws SctpException;
    }

    private Tlvs() {}

    static <T extends Tlv> List<T> parse(ByteBuf buf, int offset, int end, Reader<T> reader) throws SctpException {
        List<T> fields = new ArrayList<>();
        while (offset < end) {
            SctpException.require(end - offset >= ChunkHeader.LENGTH, "parameter header truncated");
            int type = buf.getUnsignedShort(offset);
            int length = buf.getUnsignedShort(offset + 2);
            SctpException.require(length >= ChunkHeader.LENGTH, "parameter length below 4: " + length);
            SctpException.require(length <= end - offset, "parameter length past the chunk end");
            fields.add(reader.read(type, buf, offset + ChunkHeader.LENGTH, length - ChunkHeader.LENGTH));
            // the last field's padding may lie past the chunk length: then the loop ends
            offset += ChunkHeader.padded(length);
        }
        return List.copyOf(fields);
    }

    static int valueLength(List<? extends Tlv> fields) {
        int length = 0;
        for (int i = 0; i < fields.size(); i++) {
            int fieldLength = ChunkHeader.LENGTH + fields.get(i).valueLength();
            length += i == fields.size() - 1 ? fieldLength : ChunkHeader.padded(fieldLength);
        }
        return length;
    }

    static void write(ByteBuf out, List<? extends Tlv> fields) {
        for (int i = 0; i < fields.size(); i++) {
            Tlv field = fields.get(i);
            int valueLength = field.valueLength();
            out.writeShort(field.type());
            out.writeShort(ChunkHeader.LENGTH + valueLength);
            field.writeValue(out);
            if (i < fields.size() - 1) {
                out.writeZero(ChunkHeader.padded(valueLength) - valueLength);
            }
        }
    }

    /** An immutable copy of {@code fields}, checked to fit a chunk after {@code fixedLength} bytes. */
    static <T extends Tlv> List<T> checked(String name, List<T> fields, int fixedLength) {
        List<T> copy = List.copyOf(fields);
        ChunkHeader.checkValueLength(name, (long) valueLength(copy) + fixedLength);
        return copy;
    }
}
