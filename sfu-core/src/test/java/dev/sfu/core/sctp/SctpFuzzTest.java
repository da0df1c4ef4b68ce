package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped input: the parsers either succeed or throw {@link SctpException},
 * never anything else, and never read outside the buffer (buffers have exact capacity, so an
 * out-of-bounds read would surface as an IndexOutOfBoundsException).
 */
class SctpFuzzTest {
    private static final long SEED = 0x5C79_2026L;
    private static final int ROUNDS = 5_000;

    /** Well-formed chunk runs to mutate: every codec appears. */
    private static final List<Chunk> SEEDS = List.of(
            new DataChunk(true, true, true, false, 1, 2, 3, 53, Bytes.of((byte) 1, (byte) 2, (byte) 3)),
            new InitChunk(1, 2, 3, 4, 5, List.of(new ForwardTsnSupported(), new SupportedExtensions(List.of(192, 130)),
                    new UnknownParameter(0x8000, Bytes.EMPTY))),
            new InitAckChunk(1, 2, 3, 4, 5, List.of(new StateCookie(Bytes.of((byte) 9, (byte) 8, (byte) 7)))),
            new SackChunk(1, 2, List.of(new SackChunk.GapAckBlock(1, 2)), List.of(3L)),
            new HeartbeatChunk(Bytes.of((byte) 1)), new HeartbeatAckChunk(Bytes.of((byte) 1, (byte) 2)),
            new AbortChunk(true, List.of(new ErrorCause(12, Bytes.of((byte) 'x')))), new ShutdownChunk(7),
            new ShutdownAckChunk(), new ShutdownCompleteChunk(false),
            new ErrorChunk(List.of(new ErrorCause(1, Bytes.of((byte) 0, (byte) 1, (byte) 0, (byte) 0)))),
            new CookieEchoChunk(Bytes.of((byte) 5)), new CookieAckChunk(),
            new ForwardTsnChunk(9, List.of(new ForwardTsnChunk.SkippedStream(1, 1))),
            new ReConfigChunk(List.of(new OutgoingSsnResetRequest(1, 2, 3, List.of(4)), new IncomingSsnResetRequest(5, List.of()))),
            new ReConfigChunk(List.of(new ReconfigurationResponse(1, 1, java.util.OptionalLong.of(2), java.util.OptionalLong.of(3)))),
            new UnknownChunk(0xC0 + 9, 0xFF, Bytes.of((byte) 1)));

    @Test
    void chunkParserThrowsOnlySctpException() {
        Random random = new Random(SEED);
        byte[] valid = validChunks();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = switch (round % 3) {
                case 0 -> randomBytes(random, random.nextInt(64));
                case 1 -> Arrays.copyOf(valid, random.nextInt(valid.length + 1));
                default -> flipped(random, valid);
            };
            parseChunks(input);
        }
    }

    @Test
    void packetAndDcepParsersThrowOnlySctpException() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = randomBytes(random, random.nextInt(48));
            if (input.length > 0 && round % 2 == 0) {
                input[0] = (byte) (random.nextBoolean() ? 0x03 : 0x02);
            }
            // half the packets get a valid checksum so that their chunks are parsed too
            parse(input.length >= SctpPacket.HEADER_LENGTH && round % 4 < 2
                    ? SctpPacketTest.withChecksum(input) : input, true);
            parse(input, false);
        }
    }

    private static byte[] validChunks() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            for (Chunk chunk : SEEDS) {
                chunk.writeTo(buf);
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    private static void parseChunks(byte[] input) {
        ByteBuf buf = exact(input);
        try {
            Chunks.parse(buf, 0, input.length);
        } catch (SctpException expected) {
            // the only exception allowed
        } finally {
            buf.release();
        }
    }

    private static void parse(byte[] input, boolean packet) {
        ByteBuf buf = exact(input);
        try {
            if (packet) {
                SctpPacket.parse(buf);
            } else {
                DcepMessage.parse(buf);
            }
        } catch (SctpException expected) {
            // the only exception allowed
        } finally {
            assertEquals(0, buf.readerIndex());
            buf.release();
        }
    }

    private static ByteBuf exact(byte[] input) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(input.length, input.length);
        buf.writeBytes(input);
        return buf;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] flipped(Random random, byte[] valid) {
        byte[] bytes = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }
}
