package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.shared.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's JSON object body, read strictly: the Content-Type must be JSON (415), the body a JSON object
 * (400 {@code invalid_json}), every field one the route knows (400 {@code unknown_field}), and each field of the
 * declared JSON type, never coerced: {@code "5"} is not a number, {@code 1} is not a boolean (400
 * {@code invalid_field}). Missing required fields are 400 {@code missing_field}.
 */
final class JsonBody {
    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    /** Parses the body; {@code optional} allows an empty body (read as {@code {}}). */
    static JsonBody parse(RoutingContext ctx, ObjectMapper json, Set<String> allowed, boolean optional) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            if (optional) {
                return new JsonBody(json.createObjectNode());
            }
            throw new ApiException(400, "invalid_json", "the request needs a JSON object body");
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as Content-Type: application/json");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_json", "the body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiException(400, "unknown_field", "unknown field \"" + name + "\"; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new JsonBody(node);
    }

    boolean has(String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    String string(String field, boolean required, int maxLength, Pattern pattern, String describe) {
        if (!has(field)) {
            return missing(field, required);
        }
        JsonNode value = body.get(field);
        if (!value.isTextual()) {
            throw invalid(field, "must be a string");
        }
        String text = value.asText();
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw invalid(field, describe);
        }
        return text;
    }

    Integer integer(String field, boolean required, long min, long max) {
        if (!has(field)) {
            return missing(field, required);
        }
        JsonNode value = body.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw invalid(field, "must be an integer from " + min + " to " + max);
        }
        return (int) value.asLong();
    }

    Boolean bool(String field, boolean required) {
        if (!has(field)) {
            return missing(field, required);
        }
        JsonNode value = body.get(field);
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** An array of at most {@code maxItems} strings of 1-{@code maxLength} characters; absent: empty. */
    List<String> strings(String field, int maxItems, int maxLength) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = body.get(field);
        if (!value.isArray() || value.size() > maxItems) {
            throw invalid(field, "must be an array of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().length() > maxLength) {
                throw invalid(field, "must hold strings of 1-" + maxLength + " characters");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A nested object with only the given fields. */
    JsonBody object(String field, Set<String> allowed) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.isObject()) {
            throw invalid(field, "must be an object");
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiException(400, "unknown_field", "unknown field \"" + field + "." + name + "\"; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new JsonBody(value);
    }

    private static <T> T missing(String field, boolean required) {
        if (required) {
            throw new ApiException(400, "missing_field", "\"" + field + "\" is required");
        }
        return null;
    }

    private static ApiException invalid(String field, String rule) {
        return new ApiException(400, "invalid_field", "\"" + field + "\" " + rule);
    }
}
