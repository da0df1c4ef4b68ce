package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The 16-bit stream number lists that end the SSN reset requests (RFC 6525 §4.1, §4.2). */
final class StreamNumbers {
    private StreamNumbers() {}

    static List<Integer> parse(String name, ByteBuf buf, int offset, int length) throws SctpException {
        SctpException.require(length % 2 == 0, name + " stream list of odd length");
        List<Integer> streams = new ArrayList<>(length / 2);
        for (int at = offset; at < offset + length; at += 2) {
            streams.add(buf.getUnsignedShort(at));
        }
        return streams;
    }

    static List<Integer> checked(List<Integer> streams, int fixedLength) {
        List<Integer> copy = List.copyOf(streams);
        for (int stream : copy) {
            ChunkHeader.checkU16("stream number", stream);
        }
        ChunkHeader.checkValueLength("streams", fixedLength + 2L * copy.size());
        return copy;
    }

    static void write(ByteBuf out, List<Integer> streams) {
        for (int stream : streams) {
            out.writeShort(stream);
        }
    }
}
