package dev.sfu.api;

import org.junit.jupiter.api.BeforeAll;

/** {@link OneServerPerClass} in development mode: joins without a token are admitted. */
abstract class DevelopmentServerPerClass extends OneServerPerClass {
    @BeforeAll
    static void startServer() throws Exception {
        server = TestSfuServer.start();
    }
}
