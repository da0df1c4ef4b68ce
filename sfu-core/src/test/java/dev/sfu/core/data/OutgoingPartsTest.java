package dev.sfu.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutgoingPartsTest {
    private static final String HEADER = "{\"from\":\"PA_sender\",\"topic\":\"files\"}";

    @Test
    void aPartThatFitsIsOneMessageWithTheSendersIdAndTopic() throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        OutgoingParts parts = OutgoingParts.of("PA_sender", "files", false, payload, 0, payload.length);
        List<byte[]> messages = parts.forLimit(65536, true);
        assertEquals(1, messages.size());
        byte[] expected = DataEnvelopeTest.message(0, HEADER, payload);
        assertArrayEquals(expected, messages.get(0));
        assertSame(messages, parts.forLimit(0, true), "one message is shared by every receiver that takes it");
    }

    @Test
    void theBackendsMessagesHaveNoFromAndAnEmptyHeaderWithoutATopic() {
        byte[] payload = {9, 8, 7};
        assertArrayEquals(new byte[] {1, 0, 0, 0, 9, 8, 7},
                OutgoingParts.of(null, null, false, payload, 0, 3).forLimit(0, true).get(0));
        assertArrayEquals(DataEnvelopeTest.message(0, "{\"topic\":\"t\"}", payload),
                OutgoingParts.of(null, "t", false, payload, 0, 3).forLimit(0, true).get(0));
    }

    @Test
    void splitsForASmallerLimitAndTheReceiverJoinsThePartsBack() throws Exception {
        byte[] payload = new byte[300_000];
        new Random(1).nextBytes(payload);
        for (boolean more : new boolean[] {false, true}) {
            OutgoingParts parts = OutgoingParts.of("PA_sender", "files", more, payload, 0, payload.length);
            List<byte[]> messages = parts.forLimit(65536, true);
            assertEquals(5, messages.size());
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < messages.size(); i++) {
                byte[] message = messages.get(i);
                assertTrue(message.length <= 65536);
                DataEnvelope part = DataEnvelope.parse(message);
                assertEquals(i < messages.size() - 1 || more, part.more(), "MORE on all but the last part");
                assertEquals("files", part.topic());
                joined.write(message, part.payloadOffset(), part.payloadLength());
            }
            assertArrayEquals(payload, joined.toByteArray());
        }
    }

    @Test
    void neverSplitsForTheLossyChannelNorBelowTheHeader() {
        byte[] payload = new byte[2000];
        OutgoingParts parts = OutgoingParts.of("PA_sender", "files", false, payload, 0, payload.length);
        assertEquals(List.of(), parts.forLimit(1000, false));
        assertEquals(List.of(), parts.forLimit(HEADER.length() + 4, true));
        assertEquals(2000, parts.forLimit(HEADER.length() + 5, true).size(), "one payload byte per part");
    }

    @Test
    void relaysTheSlicedPayloadOfAClientsPart() throws Exception {
        byte[] client = DataEnvelopeTest.message(DataEnvelope.FLAG_MORE, "{\"to\":[\"PA_x\"],\"topic\":\"files\"}",
                new byte[] {5, 6});
        byte[] relayed = OutgoingParts.relay("PA_sender", DataEnvelope.parse(client)).forLimit(0, true).get(0);
        assertArrayEquals(DataEnvelopeTest.message(DataEnvelope.FLAG_MORE, HEADER, new byte[] {5, 6}), relayed);
    }

    @Test
    void aClientsMessageNamesItsRecipients() throws Exception {
        byte[] message = OutgoingParts.fromClient(List.of("PA_a", "PA_b"), "chat", new byte[] {1}).forLimit(0, true)
                .get(0);
        DataEnvelope parsed = DataEnvelope.parse(message);
        assertEquals(List.of("PA_a", "PA_b"), parsed.to());
        assertEquals("chat", parsed.topic());
        assertArrayEquals(DataEnvelopeTest.message(0, "{\"to\":[\"PA_a\",\"PA_b\"],\"topic\":\"chat\"}",
                new byte[] {1}), message);
    }

    @Test
    void aDiscardPartHasTheFlagTheSenderAndNoPayload() throws Exception {
        byte[] discard = OutgoingParts.discard("PA_sender");
        assertArrayEquals(DataEnvelopeTest.message(DataEnvelope.FLAG_DISCARD, "{\"from\":\"PA_sender\"}", new byte[0]),
                discard);
        DataEnvelope parsed = DataEnvelope.parse(discard);
        assertTrue(parsed.discard());
        assertEquals("PA_sender", parsed.from());
    }
}
