package dev.sfu.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real coturn (Debian's {@code turnserver}, installed by scripts/install-test-deps.sh) on 127.0.0.1 with the
 * shared-secret scheme the server's {@code SFU_TURN_SECRET} implements, relaying to loopback peers (the SFU).
 */
final class CoturnProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/turnserver");
    private final Process process;
    private final Path directory;
    private final int port;

    private CoturnProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static CoturnProcess start(String sharedSecret) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/install-test-deps.sh (coturn)");
        }
        int port = freeUdpPort();
        Path directory = Files.createTempDirectory("sfu-coturn-");
        List<String> command = List.of(BINARY.toString(), "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--min-port=" + (port + 1), "--max-port=" + (port + 200),
                "--use-auth-secret", "--static-auth-secret=" + sharedSecret, "--realm=sfu.test",
                "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--fingerprint",
                "--db=" + directory.resolve("turndb"), "--pidfile=" + directory.resolve("turnserver.pid"),
                "--log-file=" + directory.resolve("turn.log"), "--simple-log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        CoturnProcess coturn = new CoturnProcess(process, directory, port);
        coturn.awaitListening();
        return coturn;
    }

    int port() {
        return port;
    }

    /** coturn listens on TCP and UDP at once; the TCP listener answering means it is up. */
    private void awaitListening() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("stdout.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("turnserver did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static int freeUdpPort() throws IOException {
        // A free port with 200 free-looking ports above it for relays (coturn picks among them at random).
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate = 40_000 + (int) (Math.random() * 20_000);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    candidate))) {
                return udp.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free UDP port found for turnserver");
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
