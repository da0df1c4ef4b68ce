package dev.sfu.api;

import org.junit.jupiter.api.AfterAll;

/**
 * One {@link TestSfuServer} shared by the tests of a class: a subclass of {@link DevelopmentServerPerClass} or
 * {@link ProductionServerPerClass} starts it before its first test, and it is closed after its last. Test classes
 * run one after another, so the one static field serves each in turn.
 */
abstract class OneServerPerClass {
    static TestSfuServer server;

    @AfterAll
    static void stopServer() {
        server.close();
        server = null;
    }
}
