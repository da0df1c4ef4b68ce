package dev.sfu.core.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and damaged input gives a {@link StunException} or a message, never another exception,
 * and the checks answer false rather than throw. Seeds are fixed so a failure replays.
 */
class StunMessageFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            StunMessageRfc5769Test.SAMPLE_REQUEST,
            StunMessageRfc5769Test.SAMPLE_IPV4_RESPONSE,
            StunMessageRfc5769Test.SAMPLE_IPV6_RESPONSE,
            StunMessageRfc5769Test.SAMPLE_LONG_TERM_REQUEST);
    private static final byte[] KEY = {1, 2, 3};

    @Test
    void randomBytesNeverThrowAnythingButStunException() {
        Random random = new Random(5769);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            if (bytes.length >= 8 && random.nextBoolean()) {
                // Give the header a chance to pass so the attribute walk is exercised.
                bytes[0] &= 0x3F;
                bytes[2] = (byte) ((bytes.length - 20) >>> 8);
                bytes[3] = (byte) (bytes.length - 20);
                bytes[4] = 0x21;
                bytes[5] = 0x12;
                bytes[6] = (byte) 0xA4;
                bytes[7] = 0x42;
            }
            exercise(bytes);
        }
    }

    @Test
    void everyTruncationOfValidMessagesFailsCleanly() {
        for (byte[] seed : SEEDS) {
            for (int length = 0; length <= seed.length; length++) {
                byte[] prefix = Arrays.copyOf(seed, length);
                exercise(prefix);
                // Also with the length field patched to match, so the attribute walk meets the cut.
                if (length >= 20) {
                    prefix[2] = (byte) ((length - 20) >>> 8);
                    prefix[3] = (byte) (length - 20);
                    exercise(prefix);
                }
            }
        }
    }

    @Test
    void mutatedValidMessagesNeverThrowAnythingButStunException() {
        Random random = new Random(8489);
        for (byte[] seed : SEEDS) {
            for (int i = 0; i < 10_000; i++) {
                byte[] bytes = seed.clone();
                for (int f = 1 + random.nextInt(3); f > 0; f--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                exercise(bytes);
            }
        }
    }

    private static void exercise(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes).slice(0, bytes.length);
        try {
            try {
                StunMessage m = StunMessage.decode(buf);
                m.username();
                for (StunAttribute a : m.attributes()) {
                    decodeQuietly(a, m.transactionId());
                }
            } catch (StunException expected) {
                // malformed input is reported this way
            }
            StunMessage.isStun(buf);
            StunMessage.checkFingerprint(buf);
            StunMessage.checkMessageIntegrity(buf, KEY);
            assertEquals(0, buf.readerIndex());
            assertEquals(bytes.length, buf.writerIndex());
        } catch (RuntimeException e) {
            fail("unexpected " + e + " for " + java.util.HexFormat.of().formatHex(bytes), e);
        } finally {
            buf.release();
        }
    }

    private static void decodeQuietly(StunAttribute a, byte[] transactionId) {
        try {
            switch (a.type()) {
                case StunAttributeType.XOR_MAPPED_ADDRESS -> a.decodeXorMappedAddress(transactionId);
                case StunAttributeType.PRIORITY -> a.decodePriority();
                case StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING -> a.decodeTieBreaker();
                case StunAttributeType.ERROR_CODE -> {
                    a.decodeErrorCode();
                    a.decodeErrorReason();
                }
                default -> a.stringValue();
            }
        } catch (StunException expected) {
            // a well-framed attribute with a bad value
        }
    }
}
