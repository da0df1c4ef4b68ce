package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.core.model.TrackPreferences;
import java.util.Set;

/** Reads a {@code trackSettings} message into {@link TrackPreferences}, rejecting anything it does not know. */
final class TrackSettings {
    private static final Set<String> FIELDS =
            Set.of("type", "requestId", "trackId", "quality", "width", "height", "maxTemporalLayer", "paused", "priority");

    private TrackSettings() {}

    /** @throws IllegalArgumentException naming the bad field */
    static TrackPreferences parse(JsonNode message) {
        message.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\" in trackSettings");
            }
        });
        int maxLayer = switch (text(message, "quality", "auto")) {
            case "auto" -> -1;
            case "low" -> 0;
            case "medium" -> 1;
            case "high" -> 2;
            default -> throw new IllegalArgumentException("\"quality\" must be auto, low, medium or high");
        };
        int width = integer(message, "width", 0, 0, 16384);
        int height = integer(message, "height", 0, 0, 16384);
        int temporal = integer(message, "maxTemporalLayer", -1, -1, 3);
        int priority = integer(message, "priority", 0, 0, 10);
        JsonNode paused = message.get("paused");
        if (paused != null && !paused.isBoolean()) {
            throw new IllegalArgumentException("\"paused\" must be true or false");
        }
        return new TrackPreferences(maxLayer, width, height, temporal, paused != null && paused.asBoolean(), priority);
    }

    private static String text(JsonNode message, String field, String fallback) {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return node.asText();
    }

    private static int integer(JsonNode message, String field, int fallback, int min, int max) {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isInt() || node.asInt() < min || node.asInt() > max) {
            throw new IllegalArgumentException("\"" + field + "\" must be an integer from " + min + " to " + max);
        }
        return node.asInt();
    }
}
