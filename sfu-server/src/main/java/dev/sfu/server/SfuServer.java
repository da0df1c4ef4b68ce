package dev.sfu.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.rest.ControlPlane;
import dev.sfu.api.shared.SlowClientGuard;
import dev.sfu.api.signaling.SignalingEndpoint;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server: the media plane, the HTTP server with REST, the signaling WebSocket, the web client,
 * {@code /metrics}, {@code /health} and {@code /ready} (docs/operations.md).
 */
public final class SfuServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuServer.class);
    /** Largest signaling message: an SDP offer of a big room stays well below this. */
    static final int MAX_WEBSOCKET_MESSAGE = 256 * 1024;
    /** How long closing waits for the sessions to deliver {@code closed} and close their sockets. */
    static final long SESSIONS_CLOSE_MILLIS = 2000;

    private final ServerConfig config;
    private final SfuEngine engine;
    private final Vertx vertx;
    private final HttpServer http;
    private final ServerMetrics metrics;
    private final ControlPlane controlPlane;

    private SfuServer(ServerConfig config, SfuEngine engine, Vertx vertx, HttpServer http, ServerMetrics metrics,
            ControlPlane controlPlane) {
        this.config = config;
        this.engine = engine;
        this.vertx = vertx;
        this.http = http;
        this.metrics = metrics;
        this.controlPlane = controlPlane;
    }

    public static SfuServer start(ServerConfig config) throws Exception {
        if (config.developmentMode()) {
            log.warn("development mode: SFU_API_KEY is not set, the REST API key is '{}' and joins need no token. "
                    + "Set SFU_API_KEY and SFU_JWT_SECRET in production.", ServerConfig.DEV_API_KEY);
        }
        if (config.jwtSecretGenerated()) {
            log.warn("SFU_JWT_SECRET is not set: join tokens are signed with a random secret made at start; tokens "
                    + "issued before a restart will not verify");
        }
        SfuEngine engine = SfuEngine.start(config.mediaConfig());
        Vertx vertx = Vertx.vertx();
        ServerMetrics metrics = null;
        ControlPlane controlPlane = null;
        try {
            ObjectMapper json = new ObjectMapper();
            Router router = Router.router(vertx);
            controlPlane = ControlPlane.mount(vertx, router, engine, json, config.apiConfig());
            metrics = new ServerMetrics(engine, vertx, controlPlane.webhooks(), controlPlane.protections());
            ServerMetrics meters = metrics;
            ControlPlane control = controlPlane;
            router.get("/health").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"up\"}"));
            router.get("/ready").handler(ctx -> {
                boolean draining = control.drain().started() || engine.draining();
                ctx.response().setStatusCode(draining ? 503 : 200).putHeader("Content-Type", "application/json")
                        .end(draining ? "{\"status\":\"draining\"}" : "{\"status\":\"ready\"}");
            });
            router.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(meters.scrape()));
            router.route("/*").handler(StaticHandler.create("web").setCachingEnabled(false)
                    .setIndexPage("index.html"));
            HttpServerOptions options = SlowClientGuard.withIdleTimeout(new HttpServerOptions()
                    .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
                    .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE), config.httpIdleTimeout());
            HttpServer server = vertx.createHttpServer(options);
            SlowClientGuard.install(vertx, server, config.requestHeadTimeout(), controlPlane.protections(), router);
            HttpServer http = server
                    .listen(config.httpPort(), config.httpHost()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            log.info("http: listening on {}:{} (web client at /, signaling at {}, REST at {}, {} webhook URL(s))",
                    config.httpHost(), http.actualPort(), SignalingEndpoint.PATH, ControlPlane.BASE,
                    config.webhookUrls().size());
            return new SfuServer(config, engine, vertx, http, metrics, controlPlane);
        } catch (Exception e) {
            if (metrics != null) {
                metrics.close();
            }
            if (controlPlane != null) {
                controlPlane.close();
            }
            vertx.close();
            engine.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** The UDP port of each media loop, by loop index (SFU_RTC_UDP_PORT + i, or free ports). */
    public List<Integer> mediaPorts() {
        return engine.mediaAddresses().stream().map(InetSocketAddress::getPort).toList();
    }

    public SfuEngine engine() {
        return engine;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Starts a graceful drain (or joins the one running): no new rooms, clients told; completes when every room
     * has ended or {@code deadline} passed.
     */
    public CompletableFuture<Void> drain(Duration deadline) {
        return controlPlane.drain().start(deadline);
    }

    /** Completes when a drain, started by {@link #drain} or {@code POST /api/v1/server/drain}, has finished. */
    public CompletableFuture<Void> drained() {
        return controlPlane.drain().finished();
    }

    /**
     * Stops the server. The media plane goes first: every session hears {@code closed} ({@code server_shutdown})
     * and closes its socket; only then (or after {@value #SESSIONS_CLOSE_MILLIS} ms) does the HTTP server close,
     * which would otherwise cut the sockets before the message is written.
     */
    @Override
    public void close() {
        engine.close();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SESSIONS_CLOSE_MILLIS);
        while (controlPlane.signalingSockets() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing http", e);
        }
        controlPlane.close();
        metrics.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing vertx", e);
        }
    }
}
