package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HTTP clients that hold connections without finishing a request, and browsers from other sites (issue 14): the
 * real server on loopback, in production mode.
 */
class SlowClientsTest {
    private static final int SLOW_CLIENTS = 200;

    @Test
    void slowlorisConnectionsAreClosedAndTheFileDescriptorsComeBack() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback(Map.of("SFU_HTTP_REQUEST_HEAD_TIMEOUT_SECONDS",
                "2", "SFU_MEDIA_LOOPS", "1")))) {
            long baseline = openFiles();
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            long start = System.nanoTime();
            // One header byte per client per second, never the end of the head.
            int open = SLOW_CLIENTS;
            while (open > 0 && System.nanoTime() - start < 15_000_000_000L) {
                open = 0;
                for (Socket socket : slow) {
                    if (!socket.isClosed() && !closedByServer(socket)) {
                        open++;
                    }
                }
                Thread.sleep(1000);
            }
            long closedAfter = (System.nanoTime() - start) / 1_000_000;
            slow.forEach(SlowClientsTest::close);
            Thread.sleep(500);
            long after = openFiles();
            System.out.printf("slowloris: %d connections, all closed by the server within %d ms (head timeout 2 s); "
                    + "open files %d before, %d with them, %d after%n", SLOW_CLIENTS, closedAfter, baseline,
                    baseline + 2 * SLOW_CLIENTS, after);
            assertEquals(0, open, "every slow connection closed by the server");
            assertTrue(after <= baseline + 10, "file descriptors back: " + baseline + " -> " + after);
            assertEquals(200, status(server.httpPort(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            assertTrue(metric(server, "sfu_protections_total{reason=\"slow_request_head\"}") >= SLOW_CLIENTS,
                    "counted for operators");
        }
    }

    @Test
    void aBrowserFromAnotherOriginIsRefusedTheSignalingSocket() throws Exception {
        try (SfuServer server = SfuServer.start(TestServers.loopback(Map.of("SFU_MEDIA_LOOPS", "1",
                "SFU_ALLOWED_ORIGINS", "https://app.example")))) {
            int port = server.httpPort();
            String host = "127.0.0.1:" + port;
            assertEquals(403, status(port, upgrade(host, "https://evil.example")), "another site");
            assertEquals(403, status(port, upgrade(host, "null")), "a file:// page");
            assertEquals(101, status(port, upgrade(host, "http://" + host)), "its own page");
            assertEquals(101, status(port, upgrade(host, "https://app.example")), "a listed origin");
            assertEquals(101, status(port, upgrade(host, null)), "not a browser: no Origin");
            assertEquals(2, metric(server, "sfu_protections_total{reason=\"origin_refused\"}"));
        }
    }

    /** A counter's value from /metrics. */
    private static double metric(SfuServer server, String series) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + server.httpPort() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(-1);
    }

    private static String upgrade(String host, String origin) {
        return "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** Sends a request and returns the status code of the response. */
    private static int status(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    /** Sends one more header byte; true when the server has ended the connection (data, EOF or a failed write). */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.getOutputStream().write('X');
            socket.setSoTimeout(1);
            // Nothing is due before the head is complete: any answer (an error page, then EOF) means it gave up.
            return socket.getInputStream().read() >= -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }
}
