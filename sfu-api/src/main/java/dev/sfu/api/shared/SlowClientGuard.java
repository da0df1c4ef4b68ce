package dev.sfu.api.shared;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps slow or idle HTTP clients from holding connections (slowloris: one header byte every few seconds, never a
 * whole request). Two limits per connection:
 *
 * <ul>
 *   <li><b>request head</b>: a connection must deliver a complete request head within {@code headTimeout} of
 *       opening, and of the end of its previous response (keep-alive); otherwise it is closed. Vert.x hands a
 *       request over only when its head is complete, so "no request yet" is exactly "head not complete".
 *       A WebSocket upgrade ends the timer for good: the signaling keepalive watches it from then on.</li>
 *   <li><b>idle</b>: nothing read or written for {@code idleTimeout} closes the connection (Vert.x's
 *       {@link HttpServerOptions#setIdleTimeout}); a WebSocket's pings count as writes.</li>
 * </ul>
 * Thread-safe: connections live on different event loops, so the pending timers are in a concurrent map.
 */
public final class SlowClientGuard {
    /** How often connections are checked against their deadlines. */
    private static final long SWEEP_MILLIS = 250;

    private final long headTimeoutNanos;
    /** Connections waiting for a request head, and when they must have sent it (System.nanoTime). */
    private final Map<HttpConnection, Long> deadlines = new ConcurrentHashMap<>();

    private final Protections protections;

    private SlowClientGuard(Duration headTimeout, Protections protections) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.protections = protections;
    }

    /**
     * {@code options} with the idle timeout set, and cleartext HTTP/2 (h2c) off: with it on, Vert.x 5.0.7 hands
     * {@code connectionHandler} a connection object that it reports closed at once and that {@code close()} does not
     * close, so the head deadline could not end a slow connection. Browsers speak HTTP/2 only over TLS, which a
     * proxy in front terminates.
     */
    public static HttpServerOptions withIdleTimeout(HttpServerOptions options, Duration idleTimeout) {
        return options.setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    /**
     * Installs the request-head deadline on {@code server}, whose requests then go to {@code next}.
     *
     * @return the id of the Vert.x timer that checks the deadlines (cancel it when the server closes)
     */
    public static long install(Vertx vertx, HttpServer server, Duration headTimeout, Protections protections,
            Handler<HttpServerRequest> next) {
        SlowClientGuard guard = new SlowClientGuard(headTimeout, protections);
        server.connectionHandler(guard::opened);
        server.requestHandler(request -> {
            guard.headArrived(request);
            next.handle(request);
        });
        return vertx.setPeriodic(SWEEP_MILLIS, id -> guard.sweep());
    }

    private void opened(HttpConnection connection) {
        // No close handler to forget it early: a connection that closed on its own is dropped from the map at its
        // deadline (closing it again does nothing), so the map holds at most the last head timeout's connections.
        deadlines.put(connection, System.nanoTime() + headTimeoutNanos);
    }

    private void headArrived(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        deadlines.remove(connection);
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (!upgrade) {
            // Keep-alive: the next request's head gets the same time, counted from this response's end.
            request.response().endHandler(v -> deadlines.put(connection, System.nanoTime() + headTimeoutNanos));
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<HttpConnection, Long> entry : deadlines.entrySet()) {
            if (now - entry.getValue() >= 0 && deadlines.remove(entry.getKey(), entry.getValue())) {
                protections.count(Protections.Reason.SLOW_REQUEST_HEAD);
                entry.getKey().close();
            }
        }
    }
}
