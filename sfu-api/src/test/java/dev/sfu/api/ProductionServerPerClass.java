package dev.sfu.api;

import org.junit.jupiter.api.BeforeAll;

/** {@link OneServerPerClass} in production mode ({@link TestSfuServer#productionApi()}): every join needs a token. */
abstract class ProductionServerPerClass extends OneServerPerClass {
    @BeforeAll
    static void startServer() throws Exception {
        server = TestSfuServer.start(TestSfuServer.loopbackMedia(), TestSfuServer.productionApi());
    }
}
