package dev.sfu.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataEnvelopeTest {

    /** prefix (version, flags, header length) + header + payload, as a client builds it. */
    static byte[] message(int flags, String header, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + h.length + payload.length];
        out[0] = 1;
        out[1] = (byte) flags;
        out[2] = (byte) (h.length >>> 8);
        out[3] = (byte) h.length;
        System.arraycopy(h, 0, out, 4, h.length);
        System.arraycopy(payload, 0, out, 4 + h.length, payload.length);
        return out;
    }

    @Test
    void readsRecipientsTopicAndPayloadWithoutCopying() throws Exception {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] message = message(0, "{\"to\":[\"PA_a\",\"PA_b\"],\"topic\":\"chat\"}", payload);
        DataEnvelope envelope = DataEnvelope.parse(message);
        assertFalse(envelope.more());
        assertEquals(List.of("PA_a", "PA_b"), envelope.to());
        assertEquals("chat", envelope.topic());
        assertTrue(envelope.message() == message, "the payload stays in the message");
        assertArrayEquals(payload, Arrays.copyOfRange(message, envelope.payloadOffset(),
                envelope.payloadOffset() + envelope.payloadLength()));
    }

    @Test
    void anEmptyHeaderMeansEveryoneAndNoTopic() throws Exception {
        DataEnvelope envelope = DataEnvelope.parse(message(DataEnvelope.FLAG_MORE, "", new byte[] {7}));
        assertTrue(envelope.more());
        assertEquals(List.of(), envelope.to());
        assertNull(envelope.topic());
        assertEquals(1, envelope.payloadLength());
    }

    @Test
    void readsTheServersFromAndIgnoresUnknownHeaderFields() throws Exception {
        DataEnvelope envelope = DataEnvelope.parse(message(0,
                "{\"from\":\"PA_s\",\"later\":{\"a\":[1,2]},\"to\":null,\"topic\":null}", new byte[0]));
        assertEquals("PA_s", envelope.from());
        assertFalse(envelope.discard());
        assertEquals(List.of(), envelope.to());
        assertNull(envelope.topic());
        assertEquals(0, envelope.payloadLength());
    }

    static Stream<Arguments> malformed() {
        String many = "{\"to\":[" + String.join(",", java.util.Collections.nCopies(257, "\"x\"")) + "]}";
        return Stream.of(
                Arguments.of("shorter than the prefix", new byte[] {1, 0, 0}, "shorter than"),
                Arguments.of("version 2", new byte[] {2, 0, 0, 0}, "version 2"),
                Arguments.of("header runs past the end", new byte[] {1, 0, 0, 9, '{', '}'}, "runs past"),
                Arguments.of("header over 16 KiB", new byte[] {1, 0, (byte) 0x40, 1}, "over the limit"),
                Arguments.of("not an object", message(0, "[1]", new byte[0]), "not a JSON object"),
                Arguments.of("broken JSON", message(0, "{\"to\":", new byte[0]), "not valid JSON"),
                Arguments.of("bytes after the object", message(0, "{} {}", new byte[0]), "after its JSON"),
                Arguments.of("to not an array", message(0, "{\"to\":\"PA_a\"}", new byte[0]), "must be an array"),
                Arguments.of("to with a number", message(0, "{\"to\":[1]}", new byte[0]), "only strings"),
                Arguments.of("to with 257 ids", message(0, many, new byte[0]), "more than 256"),
                Arguments.of("from a number", message(0, "{\"from\":3}", new byte[0]), "must be a participant id"),
                Arguments.of("topic a number", message(0, "{\"topic\":5}", new byte[0]), "must be a string"),
                Arguments.of("topic of 129 bytes", message(0, "{\"topic\":\"" + "t".repeat(129) + "\"}", new byte[0]),
                        "longer than 128"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesWithAReasonTheSenderCanRead(String name, byte[] message, String reason) {
        DataEnvelopeException e = assertThrows(DataEnvelopeException.class, () -> DataEnvelope.parse(message));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void randomAndTruncatedMessagesNeverThrowAnythingElse() {
        Random random = new Random(16);
        byte[] good = message(1, "{\"to\":[\"PA_a\"],\"topic\":\"t\"}", new byte[] {1, 2, 3});
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = Arrays.copyOf(good, random.nextInt(good.length + 1));
            } else {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
                if (input.length > 0) {
                    input[0] = 1;
                }
            }
            try {
                DataEnvelope envelope = DataEnvelope.parse(input);
                assertTrue(envelope.payloadOffset() + envelope.payloadLength() == input.length);
            } catch (DataEnvelopeException expected) {
                // refused with a reason: fine
            }
        }
    }
}
