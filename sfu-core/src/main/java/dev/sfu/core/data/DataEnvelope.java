package dev.sfu.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One part of a data message as a client sends it to the SFU (docs/protocol.md, "Data messages"):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  version = 1  |     flags     |     header length H (u16)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  header: H bytes of a UTF-8 JSON object (H = 0 means {})      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload: the rest of the message                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Flags bit 0 ({@link #FLAG_MORE}): more parts of this message follow. Bit 1 ({@link #FLAG_DISCARD}, from the
 * server only): drop the parts of the sender's message received so far, the rest will not come (the receiver
 * was too slow for it); such a part has no payload. The header a client sends may hold
 * {@code to} (an array of participant ids) and {@code topic} (a string); the server's header holds {@code from}
 * and {@code topic}. Other fields are ignored, so later versions can add some; the relay ignores a client's
 * {@code from} (it writes the sender's own id). The payload is not copied: {@code payloadOffset}/{@code payloadLength} point into the
 * parsed array, which the caller must not change while the envelope is used.
 *
 * @param flags the flags byte ({@link #FLAG_MORE}, {@link #FLAG_DISCARD})
 * @param to the named recipients; empty: everyone else in the room
 * @param from the sender's id in a message from the server; null from the backend and in a client's message
 * @param topic null when none was given
 */
public record DataEnvelope(int flags, List<String> to, String from, String topic, byte[] message, int payloadOffset,
        int payloadLength) {
    public static final int VERSION = 1;
    public static final int FLAG_MORE = 0x01;
    public static final int FLAG_DISCARD = 0x02;
    public static final int PREFIX_LENGTH = 4;
    /** The largest header a client may send (H). */
    public static final int MAX_HEADER_LENGTH = 16384;
    /** The most recipients one message may name. */
    public static final int MAX_RECIPIENTS = 256;
    /** The longest topic, in UTF-8 bytes. */
    public static final int MAX_TOPIC_BYTES = 128;
    /** The longest participant id a recipient list may hold (ids the server gives are far shorter). */
    static final int MAX_ID_LENGTH = 128;

    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4)
                    .maxStringLength(MAX_HEADER_LENGTH).build())
            .build();

    public DataEnvelope {
        to = List.copyOf(to);
    }

    /** More parts of this message follow. */
    public boolean more() {
        return (flags & FLAG_MORE) != 0;
    }

    /** The parts of the sender's message received so far are void (from the server only). */
    public boolean discard() {
        return (flags & FLAG_DISCARD) != 0;
    }

    /** Reads a client's message; the payload stays in {@code message}. */
    public static DataEnvelope parse(byte[] message) throws DataEnvelopeException {
        if (message.length < PREFIX_LENGTH) {
            throw new DataEnvelopeException("message of " + message.length + " bytes is shorter than the "
                    + PREFIX_LENGTH + "-byte envelope prefix");
        }
        int version = message[0] & 0xff;
        if (version != VERSION) {
            throw new DataEnvelopeException("envelope version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int flags = message[1] & 0xff;
        int headerLength = ((message[2] & 0xff) << 8) | (message[3] & 0xff);
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new DataEnvelopeException("header of " + headerLength + " bytes is over the limit of "
                    + MAX_HEADER_LENGTH);
        }
        if (PREFIX_LENGTH + headerLength > message.length) {
            throw new DataEnvelopeException("header length " + headerLength + " runs past the end of the "
                    + message.length + "-byte message");
        }
        List<String> to = new ArrayList<>();
        String[] fromAndTopic = new String[2];
        if (headerLength > 0) {
            readHeader(message, headerLength, to, fromAndTopic);
        }
        int payloadOffset = PREFIX_LENGTH + headerLength;
        return new DataEnvelope(flags, to, fromAndTopic[0], fromAndTopic[1], message, payloadOffset,
                message.length - payloadOffset);
    }

    /** Reads {"to": [...], "from": "...", "topic": "..."}: {@code to} filled, from and topic into the pair. */
    private static void readHeader(byte[] message, int headerLength, List<String> to, String[] fromAndTopic)
            throws DataEnvelopeException {
        try (JsonParser parser = JSON.createParser(message, PREFIX_LENGTH, headerLength)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DataEnvelopeException("the header is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "to" -> readRecipients(parser, value, to);
                    case "from" -> fromAndTopic[0] = readId(parser, value);
                    case "topic" -> fromAndTopic[1] = readTopic(parser, value);
                    default -> parser.skipChildren(); // unknown fields: ignored, for later versions
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new DataEnvelopeException("the header has bytes after its JSON object");
            }
        } catch (IOException e) {
            throw new DataEnvelopeException("the header is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String readId(JsonParser parser, JsonToken value) throws IOException, DataEnvelopeException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING || parser.getText().length() > MAX_ID_LENGTH) {
            throw new DataEnvelopeException("\"from\" must be a participant id");
        }
        return parser.getText();
    }

    private static void readRecipients(JsonParser parser, JsonToken value, List<String> to)
            throws IOException, DataEnvelopeException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new DataEnvelopeException("\"to\" must be an array of participant ids");
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new DataEnvelopeException("\"to\" must hold only strings (participant ids)");
            }
            if (to.size() == MAX_RECIPIENTS) {
                throw new DataEnvelopeException("\"to\" names more than " + MAX_RECIPIENTS + " participants");
            }
            String id = parser.getText();
            if (id.length() > MAX_ID_LENGTH) {
                throw new DataEnvelopeException("a participant id in \"to\" is longer than " + MAX_ID_LENGTH);
            }
            to.add(id);
        }
    }

    private static String readTopic(JsonParser parser, JsonToken value) throws IOException, DataEnvelopeException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new DataEnvelopeException("\"topic\" must be a string");
        }
        String topic = parser.getText();
        checkTopic(topic);
        return topic;
    }

    /** Throws when a topic is longer than {@link #MAX_TOPIC_BYTES} bytes of UTF-8. */
    public static void checkTopic(String topic) throws DataEnvelopeException {
        if (topic != null && topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw new DataEnvelopeException("\"topic\" is longer than " + MAX_TOPIC_BYTES + " bytes of UTF-8");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
