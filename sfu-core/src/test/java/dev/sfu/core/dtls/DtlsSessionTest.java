package dev.sfu.core.dtls;

import static dev.sfu.core.srtp.SrtpProfile.AEAD_AES_128_GCM;
import static dev.sfu.core.srtp.SrtpProfile.AES_CM_128_HMAC_SHA1_32;
import static dev.sfu.core.srtp.SrtpProfile.AES_CM_128_HMAC_SHA1_80;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.dtls.DtlsPair.Outcome;
import dev.sfu.core.dtls.DtlsSession.Role;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsSessionTest {
    private static DtlsCertificate serverCert;
    private static DtlsCertificate clientCert;

    private ExecutorService executor;
    private DtlsSession server;
    private DtlsSession client;

    @BeforeAll
    static void certificates() {
        serverCert = DtlsCertificate.generate();
        clientCert = DtlsCertificate.generate();
    }

    @BeforeEach
    void pool() {
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void shutdown() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "handshake threads did not return");
    }

    /** Starts a server and a client wired to each other; filters see each datagram before delivery. */
    private void connect(List<SrtpProfile> serverProfiles, List<SrtpProfile> clientProfiles,
            String serverExpects, String clientExpects, UnaryOperator<byte[]> toServer,
            UnaryOperator<byte[]> toClient, Outcome serverOutcome, Outcome clientOutcome) {
        DtlsSession[] serverRef = new DtlsSession[1];
        DtlsSession[] clientRef = new DtlsSession[1];
        server = DtlsPair.session(Role.SERVER, serverCert, serverExpects, serverProfiles,
                DtlsPair.wire(clientRef, toClient), executor, serverOutcome);
        client = DtlsPair.session(Role.CLIENT, clientCert, clientExpects, clientProfiles,
                DtlsPair.wire(serverRef, toServer), executor, clientOutcome);
        serverRef[0] = server;
        clientRef[0] = client;
        server.start();
        client.start();
    }

    static Stream<Arguments> profilePreferences() {
        List<SrtpProfile> sfuDefault = List.of(AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80);
        return Stream.of(
                Arguments.of("both prefer GCM", sfuDefault, sfuDefault, AEAD_AES_128_GCM),
                Arguments.of("server order wins", sfuDefault,
                        List.of(AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM), AEAD_AES_128_GCM),
                Arguments.of("client offers only SHA1_80", sfuDefault, List.of(AES_CM_128_HMAC_SHA1_80),
                        AES_CM_128_HMAC_SHA1_80),
                Arguments.of("SHA1_32", List.of(AES_CM_128_HMAC_SHA1_32, AES_CM_128_HMAC_SHA1_80),
                        List.of(AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32), AES_CM_128_HMAC_SHA1_32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profilePreferences")
    void handshakeCompletesWithMirroredKeys(String name, List<SrtpProfile> serverProfiles,
            List<SrtpProfile> clientProfiles, SrtpProfile expected) throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        connect(serverProfiles, clientProfiles, clientCert.fingerprint(), serverCert.fingerprint(),
                d -> d, d -> d, serverOutcome, clientOutcome);

        SrtpKeyingMaterial s = serverOutcome.awaitKeys();
        SrtpKeyingMaterial c = clientOutcome.awaitKeys();

        assertEquals(expected, s.profile());
        assertEquals(expected, c.profile());
        assertEquals(expected.masterKeyLength(), s.localMasterKey().length);
        assertEquals(expected.masterSaltLength(), s.localMasterSalt().length);
        assertArrayEquals(s.localMasterKey(), c.remoteMasterKey());
        assertArrayEquals(s.localMasterSalt(), c.remoteMasterSalt());
        assertArrayEquals(c.localMasterKey(), s.remoteMasterKey());
        assertArrayEquals(c.localMasterSalt(), s.remoteMasterSalt());
        assertFalse(java.util.Arrays.equals(s.localMasterKey(), s.remoteMasterKey()));
        assertTrue(server.isConnected());
        assertTrue(client.isConnected());
        assertNotEquals(Thread.currentThread(), serverOutcome.callbackThread);
    }

    @Test
    void completesWhenFlightsAreLostIncludingServerFinished() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        AtomicInteger toServer = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean droppedServerFinished = new java.util.concurrent.atomic.AtomicBoolean();
        // Lose the client's second datagram (its Certificate flight) and the server's first epoch-1
        // datagram (its final ChangeCipherSpec/Finished flight): the client retransmits, and the
        // already-connected server must answer from the post-handshake drain.
        UnaryOperator<byte[]> lossyToServer = d -> toServer.incrementAndGet() == 2 ? null : d;
        UnaryOperator<byte[]> lossyToClient = d -> {
            boolean finalFlight = d[0] == 20 || (d.length > 4 && d[4] == 1);
            return finalFlight && droppedServerFinished.compareAndSet(false, true) ? null : d;
        };
        connect(List.of(AEAD_AES_128_GCM), List.of(AEAD_AES_128_GCM), clientCert.fingerprint(),
                serverCert.fingerprint(), lossyToServer, lossyToClient, serverOutcome, clientOutcome);

        SrtpKeyingMaterial s = serverOutcome.awaitKeys();
        SrtpKeyingMaterial c = clientOutcome.awaitKeys();
        assertArrayEquals(s.localMasterKey(), c.remoteMasterKey());
        assertTrue(droppedServerFinished.get());
    }

    @Test
    void serverRejectsClientCertificateNotMatchingFingerprint() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        String wrong = DtlsCertificate.generate().fingerprint();
        long t0 = System.nanoTime();
        connect(List.of(AEAD_AES_128_GCM), List.of(AEAD_AES_128_GCM), wrong, serverCert.fingerprint(),
                d -> d, d -> d, serverOutcome, clientOutcome);

        String reason = serverOutcome.awaitFailure();
        assertTrue(reason.contains("fingerprint"), reason);
        String clientReason = clientOutcome.awaitFailure();
        assertTrue(clientReason.contains("bad_certificate"), clientReason);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        assertFalse(server.isConnected());
    }

    @Test
    void clientRejectsServerCertificateNotMatchingFingerprint() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        String wrong = DtlsCertificate.generate().fingerprint();
        connect(List.of(AEAD_AES_128_GCM), List.of(AEAD_AES_128_GCM), clientCert.fingerprint(), wrong,
                d -> d, d -> d, serverOutcome, clientOutcome);

        String reason = clientOutcome.awaitFailure();
        assertTrue(reason.contains("fingerprint"), reason);
        assertTrue(serverOutcome.awaitFailure().contains("bad_certificate"));
    }

    @Test
    void fingerprintComparisonIgnoresCase() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        connect(List.of(AEAD_AES_128_GCM), List.of(AEAD_AES_128_GCM),
                clientCert.fingerprint().toLowerCase(java.util.Locale.ROOT), serverCert.fingerprint(),
                d -> d, d -> d, serverOutcome, clientOutcome);
        serverOutcome.awaitKeys();
        clientOutcome.awaitKeys();
    }

    @Test
    void failsWithoutCommonSrtpProfile() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        connect(List.of(AEAD_AES_128_GCM), List.of(AES_CM_128_HMAC_SHA1_80), clientCert.fingerprint(),
                serverCert.fingerprint(), d -> d, d -> d, serverOutcome, clientOutcome);
        String reason = serverOutcome.awaitFailure();
        assertTrue(reason.contains("SRTP"), reason);
        clientOutcome.awaitFailure();
    }

    @Test
    void garbageDatagramsDoNotBreakHandshake() throws Exception {
        Random random = new Random(5764);
        AtomicInteger garbage = new AtomicInteger();
        DtlsSession[] serverRef = new DtlsSession[1];
        DtlsSession[] clientRef = new DtlsSession[1];
        // Before every real datagram, the receiver also gets junk: random bytes, a DTLS header that lies
        // about its length, a record for an unknown epoch, and an empty datagram.
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        UnaryOperator<byte[]> noisyToServer = d -> {
            inject(serverRef[0], random, garbage);
            return d;
        };
        UnaryOperator<byte[]> noisyToClient = d -> {
            inject(clientRef[0], random, garbage);
            return d;
        };
        server = DtlsPair.session(Role.SERVER, serverCert, clientCert.fingerprint(), List.of(AEAD_AES_128_GCM),
                DtlsPair.wire(clientRef, noisyToClient), executor, serverOutcome);
        client = DtlsPair.session(Role.CLIENT, clientCert, serverCert.fingerprint(), List.of(AEAD_AES_128_GCM),
                DtlsPair.wire(serverRef, noisyToServer), executor, clientOutcome);
        serverRef[0] = server;
        clientRef[0] = client;
        server.start();
        client.start();

        assertArrayEquals(serverOutcome.awaitKeys().localMasterKey(), clientOutcome.awaitKeys().remoteMasterKey());
        assertTrue(garbage.get() > 0);
    }

    private static void inject(DtlsSession target, Random random, AtomicInteger count) {
        if (target == null) {
            return;
        }
        byte[] noise = new byte[1 + random.nextInt(300)];
        random.nextBytes(noise);
        byte[] lyingHeader = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff, 1, 2};
        byte[] unknownEpoch = {23, (byte) 0xfe, (byte) 0xfd, 0, 7, 0, 0, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4};
        for (byte[] junk : new byte[][] {noise, lyingHeader, unknownEpoch, new byte[0]}) {
            ByteBuf buf = Unpooled.wrappedBuffer(junk);
            try {
                target.receive(buf);
            } finally {
                buf.release();
            }
            count.incrementAndGet();
        }
    }

    @Test
    void closeEndsStalledHandshakeAndThreadReturns() throws Exception {
        Outcome outcome = new Outcome();
        CountDownLatch returned = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        // The peer never answers: every datagram the client sends disappears.
        client = new DtlsSession(Role.CLIENT, clientCert, "sha-256", serverCert.fingerprint(),
                List.of(AEAD_AES_128_GCM), d -> sent.incrementAndGet(), task -> executor.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        returned.countDown();
                    }
                }), outcome);
        client.start();
        Thread.sleep(300);
        assertTrue(sent.get() >= 1, "ClientHello sent");
        long t0 = System.nanoTime();
        client.close();
        assertTrue(returned.await(5, TimeUnit.SECONDS), "handshake thread returned");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        assertEquals("session closed", outcome.awaitFailure());
        client.close(); // idempotent
        assertFalse(client.isConnected());
    }

    @Test
    void stalledHandshakeTimesOut() throws Exception {
        Outcome outcome = new Outcome();
        server = new DtlsSession(Role.SERVER, serverCert, "sha-256", clientCert.fingerprint(),
                List.of(AEAD_AES_128_GCM), d -> { }, executor, outcome, 500);
        long t0 = System.nanoTime();
        server.start();
        String reason = outcome.awaitFailure();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(reason.contains("timed out"), reason);
        assertTrue(elapsedMillis >= 400 && elapsedMillis < 5000, "elapsed " + elapsedMillis);
    }

    @Test
    void receiveCopiesBoundedAndLeavesBufferToCaller() {
        server = DtlsPair.session(Role.SERVER, serverCert, clientCert.fingerprint(), List.of(AEAD_AES_128_GCM),
                d -> { }, executor, new Outcome());
        ByteBuf buf = Unpooled.buffer(32).writeBytes(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0});
        buf.readByte();
        int before = buf.readerIndex();
        int refused = 0;
        for (int i = 0; i < QueueDatagramTransport.QUEUE_CAPACITY + 6; i++) {
            if (!server.receive(buf)) {
                refused++;
            }
        }
        assertEquals(6, refused, "receive reports each dropped datagram to the caller, which counts it");
        assertEquals(6, server.droppedDatagrams());
        assertEquals(before, buf.readerIndex());
        assertEquals(1, buf.refCnt());
        buf.release();
    }

    @Test
    void closeNotifyDisconnectsPeer() throws Exception {
        Outcome serverOutcome = new Outcome();
        Outcome clientOutcome = new Outcome();
        connect(List.of(AEAD_AES_128_GCM), List.of(AEAD_AES_128_GCM), clientCert.fingerprint(),
                serverCert.fingerprint(), d -> d, d -> d, serverOutcome, clientOutcome);
        serverOutcome.awaitKeys();
        clientOutcome.awaitKeys();

        client.close();
        assertFalse(client.isConnected());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(server.isConnected(), "server saw close_notify");
    }
}
