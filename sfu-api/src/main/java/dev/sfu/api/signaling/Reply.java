package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The way back to the client message being handled: its reply (answer, joined, pong) and any {@code error} it
 * causes carry the message's {@code requestId}, so a client can tell which of its requests an error belongs to
 * (docs/protocol.md, "Request ids"). A message without a request id gets replies without one.
 *
 * <p>Runs on the session's context like {@link ClientChannel}; a reply that comes later (an answer from the media
 * loop) is handed to that context first.
 */
final class Reply {
    /** Long enough for a UUID or a counter with a prefix; short enough that echoing it costs nothing. */
    static final int MAX_REQUEST_ID_CHARS = 64;

    private final ClientChannel channel;
    private final ServerMessages messages;
    private final String requestId;

    private Reply(ClientChannel channel, ServerMessages messages, String requestId) {
        this.channel = channel;
        this.messages = messages;
        this.requestId = requestId;
    }

    /** Replies to a message whose request id is already checked ({@link #requestIdProblem}); null: none. */
    static Reply to(ClientChannel channel, ServerMessages messages, String requestId) {
        return new Reply(channel, messages, requestId);
    }

    /** Null when {@code message}'s {@code requestId} is absent or a string of 1-64 characters, else what is wrong. */
    static String requestIdProblem(JsonNode message) {
        JsonNode id = message.get("requestId");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_REQUEST_ID_CHARS) {
            return "\"requestId\" must be a string of 1-" + MAX_REQUEST_ID_CHARS + " characters";
        }
        return null;
    }

    /** The request id of a message that passed {@link #requestIdProblem}, or null. */
    static String requestId(JsonNode message) {
        JsonNode id = message.get("requestId");
        return id == null || id.isNull() ? null : id.asText();
    }

    void send(ObjectNode message) {
        if (requestId != null) {
            message.put("requestId", requestId);
        }
        channel.send(message);
    }

    void error(String code, String text) {
        send(messages.error(code, text));
    }

    /** An error with one more field, e.g. the mids a {@code bad_subscriptions} names. */
    void error(String code, String text, String field, Object value) {
        send(messages.message("error", "code", code, "message", text, field, value));
    }

    /** The error a failed media-plane future maps to ({@code ApiErrors}). */
    void failure(Throwable failure) {
        String[] error = dev.sfu.api.shared.ApiErrors.describe(failure);
        error(error[0], error[1]);
    }
}
