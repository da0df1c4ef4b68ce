package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;

/** Test helpers: byte arrays from int literals, chunk parsing from exact-capacity pooled buffers. */
final class SctpBytes {
    private SctpBytes() {}

    static byte[] of(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * Parses {@code bytes} as a run of chunks placed after 3 unrelated bytes, in a buffer whose capacity
     * ends with them, and checks that the indexes did not move.
     */
    static List<Chunk> parseChunks(byte[] bytes) throws SctpException {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(3 + bytes.length, 3 + bytes.length);
        try {
            buf.writeBytes(new byte[] {1, 2, 3}).writeBytes(bytes).readerIndex(3);
            return Chunks.parse(buf, 3, buf.writerIndex());
        } finally {
            assertEquals(3, buf.readerIndex());
            assertEquals(3 + bytes.length, buf.writerIndex());
            buf.release();
        }
    }

    static byte[] encode(Chunk chunk) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            chunk.writeTo(buf);
            assertEquals(chunk.encodedLength(), buf.readableBytes());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** A table row: bytes that parse to {@code expected} and encode back, or (expected null) are rejected. */
    record ChunkRow(String name, byte[] bytes, Chunk expected) {
        static ChunkRow good(String name, Chunk expected, int... bytes) {
            return new ChunkRow(name, of(bytes), expected);
        }

        static ChunkRow bad(String name, int... bytes) {
            return new ChunkRow(name, of(bytes), null);
        }

        void check() throws SctpException {
            if (expected == null) {
                assertThrows(SctpException.class, () -> parseChunks(bytes));
                return;
            }
            List<Chunk> parsed = parseChunks(bytes);
            assertEquals(List.of(expected), parsed);
            assertArrayEquals(bytes, encode(expected));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
