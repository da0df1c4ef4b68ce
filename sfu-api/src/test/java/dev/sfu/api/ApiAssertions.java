package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Small helpers for the JSON and SDP these tests read. */
final class ApiAssertions {
    private ApiAssertions() {}


    static String withoutLines(String sdp, String prefix) {
        return Arrays.stream(sdp.split("\r?\n")).filter(l -> !l.startsWith(prefix))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    /** Lines of each m-section, the m= line first. */
    static List<List<String>> mediaSections(List<String> lines) {
        List<List<String>> sections = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("m=")) {
                sections.add(new ArrayList<>());
            }
            if (!sections.isEmpty()) {
                sections.get(sections.size() - 1).add(line);
            }
        }
        return sections;
    }

    static String value(List<String> section, String prefix) {
        return section.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + section));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<String> textValues(Iterable<JsonNode> nodes, String field) {
        Set<String> values = new TreeSet<>();
        for (JsonNode node : nodes) {
            values.add(node.path(field).asText());
        }
        return values;
    }

    static List<String> trackIds(JsonNode participant) {
        List<String> ids = new ArrayList<>();
        participant.path("tracks").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    static Map<String, JsonNode> byField(Iterable<JsonNode> nodes, String field) {
        Map<String, JsonNode> result = new TreeMap<>();
        for (JsonNode node : nodes) {
            assertEquals(null, result.put(node.path(field).asText(), node), "duplicate " + field + " in " + nodes);
        }
        return result;
    }

    static JsonNode participant(JsonNode roomOrJoined, String id) {
        for (Iterator<JsonNode> it = roomOrJoined.path("participants").elements(); it.hasNext(); ) {
            JsonNode participant = it.next();
            if (id.equals(participant.path("id").asText())) {
                return participant;
            }
        }
        throw new AssertionError("no participant " + id + " in " + roomOrJoined);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void assertEventually(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TestSfuServer.WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TestSfuServer.WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A JSON error response: the status, Content-Type, {"error":{"code","message"}} and nothing else. */
    static JsonNode assertError(java.net.http.HttpResponse<String> response, int status, String code)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        org.junit.jupiter.api.Assertions.assertTrue(type.startsWith("application/json"), "Content-Type: " + type);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertEquals(Set.of("error"), fieldNames(body), body.toString());
        JsonNode error = body.path("error");
        assertEquals(Set.of("code", "message"), fieldNames(error), body.toString());
        assertEquals(code, error.path("code").asText(), body.toString());
        org.junit.jupiter.api.Assertions.assertFalse(error.path("message").asText().isBlank(), body.toString());
        return error;
    }

    static JsonNode assertStatus(java.net.http.HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return response.body().isEmpty() ? null
                : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }
}
