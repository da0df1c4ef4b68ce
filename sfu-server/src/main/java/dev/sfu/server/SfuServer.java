package dev.sfu.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.rest.RoomsApi;
import dev.sfu.api.signaling.SignalingEndpoint;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server: the media plane, the HTTP server with REST, the signaling WebSocket and the web client.
 */
public final class SfuServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuServer.class);
    /** Largest signaling message: an SDP offer of a big room stays well below this. */
    static final int MAX_WEBSOCKET_MESSAGE = 256 * 1024;

    private final ServerConfig config;
    private final SfuEngine engine;
    private final Vertx vertx;
    private final HttpServer http;
    private final ServerMetrics metrics;

    private SfuServer(ServerConfig config, SfuEngine engine, Vertx vertx, HttpServer http, ServerMetrics metrics) {
        this.config = config;
        this.engine = engine;
        this.vertx = vertx;
        this.http = http;
        this.metrics = metrics;
    }

    public static SfuServer start(ServerConfig config) throws Exception {
        if (config.developmentMode()) {
            log.warn("development mode: SFU_API_KEY is not set, the REST API key is '{}'. Set SFU_API_KEY in "
                    + "production.", ServerConfig.DEV_API_KEY);
        }
        SfuEngine engine = SfuEngine.start(config.mediaConfig());
        Vertx vertx = Vertx.vertx();
        ServerMetrics metrics = new ServerMetrics(engine);
        try {
            ObjectMapper json = new ObjectMapper();
            Router router = Router.router(vertx);
            SignalingEndpoint.mount(vertx, router, engine, json);
            RoomsApi.mount(router, engine, json, config.apiKey());
            router.get("/health").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"up\"}"));
            router.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
            router.route("/*").handler(StaticHandler.create("web").setCachingEnabled(false)
                    .setIndexPage("index.html"));
            HttpServerOptions options = new HttpServerOptions()
                    .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
                    .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE);
            HttpServer http = vertx.createHttpServer(options).requestHandler(router)
                    .listen(config.httpPort(), config.httpHost()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            log.info("http: listening on {}:{} (web client at /, signaling at {}, REST at {})", config.httpHost(),
                    http.actualPort(), SignalingEndpoint.PATH, RoomsApi.BASE);
            return new SfuServer(config, engine, vertx, http, metrics);
        } catch (Exception e) {
            metrics.close();
            vertx.close();
            engine.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.actualPort();
    }

    public int mediaPort() {
        return engine.mediaAddress().getPort();
    }

    public SfuEngine engine() {
        return engine;
    }

    public ServerConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing http", e);
        }
        engine.close();
        metrics.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing vertx", e);
        }
    }
}
