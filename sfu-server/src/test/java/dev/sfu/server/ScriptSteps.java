package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks on an e2e script's result: its {@code failures} list, and its {@code steps},
 * {@code {name: {ok, detail}}} (e2e/lib/run.mjs).
 */
final class ScriptSteps {
    private ScriptSteps() {
    }

    /** The script reported no failure; the message lists them. */
    static void assertNoFailures(JsonNode result) {
        assertEquals(0, result.path("failures").size(), "failures: " + result.path("failures"));
    }

    /** Every step passed; the first that did not is named with its detail. */
    static void assertAllOk(JsonNode steps) {
        for (Iterator<Map.Entry<String, JsonNode>> it = steps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> step = it.next();
            assertTrue(step.getValue().path("ok").asBoolean(), step.getKey() + ": " + step.getValue());
        }
    }

    /** How many steps are named {@code prefix...}: the scripts name one step per layer switch "switchN...". */
    static int countStartingWith(JsonNode steps, String prefix) {
        int count = 0;
        for (Iterator<String> names = steps.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }
}
