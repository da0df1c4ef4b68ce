package dev.sfu.core.data;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of a data message on its way from the SFU to receivers: the envelope's header
 * ({@code {"from": ..., "topic": ...}}) is written once, and the messages for a receiver are cut to its
 * {@code a=max-message-size}. A part that does not fit is split into several, all but the last flagged
 * {@link DataEnvelope#FLAG_MORE} (the last keeps the flag the part came with), so receivers join them as they
 * join the sender's own parts. The messages for one limit are built once and shared by every receiver with
 * that limit: they must not be changed.
 *
 * <p>Not thread-safe; one per relayed part, on the room's loop.
 */
public final class OutgoingParts {
    private final byte[] header;
    private final boolean more;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;
    /** Receivers' limits are few (one per browser kind), so this stays tiny. */
    private final Map<Long, List<byte[]>> byLimit = new HashMap<>(4);

    private OutgoingParts(byte[] header, boolean more, byte[] payload, int payloadOffset, int payloadLength) {
        this.header = header;
        this.more = more;
        this.payload = payload;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * @param from the sender's participant id; null for the backend (then the header has no "from")
     * @param topic null for none
     * @param more whether more parts of the sender's message follow this one
     */
    public static OutgoingParts of(String from, String topic, boolean more, byte[] payload, int payloadOffset,
            int payloadLength) {
        return new OutgoingParts(header(from, List.of(), topic), more, payload, payloadOffset, payloadLength);
    }

    /** A client's message (the Java peer's): header {@code {"to": [...], "topic": ...}}, parts for its limit. */
    public static OutgoingParts fromClient(List<String> to, String topic, byte[] payload) {
        return new OutgoingParts(header(null, to, topic), false, payload, 0, payload.length);
    }

    /** The part that tells a receiver to drop what it has of {@code from}'s message (the DISCARD flag). */
    public static byte[] discard(String from) {
        OutgoingParts parts = of(from, null, false, new byte[0], 0, 0);
        byte[] message = parts.message(false, 0, 0);
        message[1] = DataEnvelope.FLAG_DISCARD;
        return message;
    }

    /** The part a client sent, relayed with its sender's id. */
    public static OutgoingParts relay(String from, DataEnvelope part) {
        return of(from, part.topic(), part.more(), part.message(), part.payloadOffset(), part.payloadLength());
    }

    /** The size of the part as one message (prefix, header, payload). */
    public int wholeLength() {
        return DataEnvelope.PREFIX_LENGTH + header.length + payloadLength;
    }

    /**
     * The messages for a receiver that takes up to {@code maxMessageSize} bytes per message (0: no limit).
     * Empty when the part cannot reach it: unsplittable (the lossy channel) and too large, or a limit so small
     * that not even the header fits.
     */
    public List<byte[]> forLimit(long maxMessageSize, boolean splittable) {
        long limit = maxMessageSize <= 0 ? Long.MAX_VALUE : maxMessageSize;
        if (wholeLength() <= limit) {
            limit = Long.MAX_VALUE; // one message: share it with every receiver that takes it whole
        }
        return byLimit.computeIfAbsent(limit, l -> build(l, splittable));
    }

    private List<byte[]> build(long limit, boolean splittable) {
        if (limit == Long.MAX_VALUE) {
            return List.of(message(more, payloadOffset, payloadLength));
        }
        long room = limit - DataEnvelope.PREFIX_LENGTH - header.length;
        if (!splittable || room <= 0) {
            return List.of();
        }
        int step = (int) Math.min(room, Integer.MAX_VALUE);
        List<byte[]> messages = new ArrayList<>(payloadLength / step + 1);
        int end = payloadOffset + payloadLength;
        for (int offset = payloadOffset; offset < end || messages.isEmpty(); offset += step) {
            int length = Math.min(step, end - offset);
            boolean last = offset + length >= end;
            messages.add(message(!last || more, offset, length));
        }
        return messages;
    }

    private byte[] message(boolean moreFlag, int offset, int length) {
        byte[] out = new byte[DataEnvelope.PREFIX_LENGTH + header.length + length];
        out[0] = DataEnvelope.VERSION;
        out[1] = (byte) (moreFlag ? DataEnvelope.FLAG_MORE : 0);
        out[2] = (byte) (header.length >>> 8);
        out[3] = (byte) header.length;
        System.arraycopy(header, 0, out, DataEnvelope.PREFIX_LENGTH, header.length);
        System.arraycopy(payload, offset, out, DataEnvelope.PREFIX_LENGTH + header.length, length);
        return out;
    }

    private static byte[] header(String from, List<String> to, String topic) {
        if (from == null && to.isEmpty() && topic == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = DataEnvelope.JSON.createGenerator(out)) {
            json.writeStartObject();
            if (from != null) {
                json.writeStringField("from", from);
            }
            if (!to.isEmpty()) {
                json.writeArrayFieldStart("to");
                for (String id : to) {
                    json.writeString(id);
                }
                json.writeEndArray();
            }
            if (topic != null) {
                json.writeStringField("topic", topic);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
