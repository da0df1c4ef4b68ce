package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way the server builds what it sends on the signaling socket (docs/protocol.md): {@code "type"} first,
 * then the fields in the order given, and other participants and tracks only through their public views of the
 * {@code core.model} snapshot records. Stateless apart from the shared mapper; safe from any thread.
 */
final class ServerMessages {
    private final ObjectMapper json;

    ServerMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code {"type": type, name: value, ...}}, fields in the order given. A value is written as Jackson writes
     * it (strings, numbers, booleans, records, maps and lists of them).
     *
     * @param namesAndValues a field name, its value, the next name, its value...
     */
    ObjectNode message(String type, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a value for every field name: " + namesAndValues.length);
        }
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value == null) {
                node.putNull(name);
            } else if (value instanceof String text) {
                node.put(name, text);
            } else if (value instanceof JsonNode tree) {
                node.set(name, tree);
            } else {
                node.set(name, json.valueToTree(value));
            }
        }
        return node;
    }

    /** {@code {"type":"error","code":..,"message":..}}: the reply to anything refused. */
    ObjectNode error(String code, String message) {
        return message("error", "code", code, "message", message);
    }

    String encode(ObjectNode message) throws com.fasterxml.jackson.core.JsonProcessingException {
        return json.writeValueAsString(message);
    }

    /** What a client sees of another participant: no addresses, no counters. */
    static Map<String, Object> publicView(ParticipantSnapshot participant) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", participant.id());
        view.put("name", participant.name());
        view.put("metadata", participant.metadata());
        view.put("tracks", participant.tracks().stream().map(ServerMessages::publicView).toList());
        return view;
    }

    /** What a client sees of a published track. */
    static Map<String, Object> publicView(TrackSnapshot track) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", track.id());
        view.put("participantId", track.participantId());
        view.put("kind", track.kind());
        view.put("muted", track.muted());
        return view;
    }
}
