package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client library's unit tests (e2e/unit/*.test.mjs: the data envelope, the roster's events, track
 * settings), run with Node's own test runner (`node --test`), so that `mvn verify` runs them too. No browser.
 */
class SdkUnitTest {
    @Test
    void clientLibraryUnitTestsPass() throws Exception {
        Process process = new ProcessBuilder("node", "--test", "unit/").directory(NodeScript.e2eDirectory().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "node --test did not finish within 60 s");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("# fail 0"), output);
    }
}
