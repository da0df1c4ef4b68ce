package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.ApiConfig;
import dev.sfu.api.auth.JoinAuthorizer;
import dev.sfu.api.events.Webhooks;
import dev.sfu.api.shared.Drain;
import dev.sfu.api.shared.Protections;
import dev.sfu.api.signaling.SignalingEndpoint;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The room-control surface on one Vert.x router: the signaling WebSocket ({@code /ws}) and the REST API under
 * {@value #BASE} (docs/api.md, docs/openapi.json). Every REST call needs one of the configured API keys as
 * {@code Authorization: Bearer <key>} (except the OpenAPI document); bodies are limited in size (413), a known
 * path with another method is 405 with {@code Allow}, an unknown one 404, and every error is
 * {@code {"error":{"code","message"}}}.
 */
public final class ControlPlane {
    public static final String BASE = "/api/v1";
    public static final String OPENAPI_PATH = BASE + "/openapi.json";
    /** Where the OpenAPI document is on the class path (copied from docs/openapi.json at build time). */
    public static final String OPENAPI_RESOURCE = "/dev/sfu/api/openapi.json";

    /** Every REST path (Vert.x syntax) and the methods it answers; anything else on it is 405. */
    public static final Map<String, List<HttpMethod>> ROUTES = routes();

    private final Drain drain;
    private final Webhooks webhooks;
    private final AtomicInteger signalingSockets;

    private final Protections protections;

    private ControlPlane(Drain drain, Webhooks webhooks, AtomicInteger signalingSockets, Protections protections) {
        this.drain = drain;
        this.webhooks = webhooks;
        this.signalingSockets = signalingSockets;
        this.protections = protections;
    }

    /** How often each protection against careless or hostile clients acted. */
    public Protections protections() {
        return protections;
    }

    /** Signaling WebSockets open now. */
    public int signalingSockets() {
        return signalingSockets.get();
    }

    private static Map<String, List<HttpMethod>> routes() {
        Map<String, List<HttpMethod>> routes = new LinkedHashMap<>();
        routes.put(BASE + "/rooms", List.of(HttpMethod.GET, HttpMethod.POST));
        routes.put(BASE + "/rooms/:room", List.of(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE));
        routes.put(BASE + "/rooms/:room/participants", List.of(HttpMethod.GET));
        routes.put(BASE + "/rooms/:room/participants/:participant",
                List.of(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE));
        routes.put(BASE + "/rooms/:room/participants/:participant/tracks/:track", List.of(HttpMethod.PATCH));
        routes.put(BASE + "/tokens", List.of(HttpMethod.POST));
        routes.put(BASE + "/server", List.of(HttpMethod.GET));
        routes.put(BASE + "/server/drain", List.of(HttpMethod.POST));
        routes.put(OPENAPI_PATH, List.of(HttpMethod.GET));
        return java.util.Collections.unmodifiableMap(routes);
    }

    /** Mounts signaling and REST on {@code router} and, when webhooks are configured, subscribes them to events. */
    public static ControlPlane mount(Vertx vertx, Router router, SfuEngine engine, ObjectMapper json,
            ApiConfig config) {
        Replies replies = new Replies(json);
        Drain drain = new Drain(vertx, engine);
        Protections protections = new Protections();
        AtomicInteger signalingSockets = SignalingEndpoint.mount(vertx, router, engine, json,
                new JoinAuthorizer(config.joinPolicy()), config.iceServers(), config.signalingLimits(), protections);

        String openApi = openApiDocument();
        router.get(OPENAPI_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(openApi));
        router.route(BASE + "/*").handler(new ApiKeys(config.apiKeys(), replies));
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()));
        new RoomsApi(engine, json, config, replies).mount(router);
        new TokensApi(json, config, replies).mount(router);
        new ServerApi(engine, json, config, drain, replies).mount(router);
        for (Map.Entry<String, List<HttpMethod>> route : ROUTES.entrySet()) {
            String allow = route.getValue().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            router.route(route.getKey()).handler(ctx -> {
                ctx.response().putHeader("Allow", allow);
                replies.error(ctx.response(), 405, "method_not_allowed", ctx.request().method() + " is not "
                        + "allowed on " + ctx.request().path() + "; allowed: " + allow);
            });
        }
        router.route(BASE + "/*").handler(ctx -> replies.error(ctx.response(), 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(413, ctx -> replies.error(ctx.response(), 413, "payload_too_large",
                "the request body is larger than " + config.maxRequestBytes() + " bytes"));
        router.errorHandler(500, ctx -> replies.fail(ctx, ctx.failure() == null
                ? new IllegalStateException("failed") : ctx.failure()));

        Webhooks webhooks = null;
        if (!config.webhookUrls().isEmpty()) {
            webhooks = new Webhooks(vertx, config.webhookUrls(), config.webhookSecret(), json,
                    config.webhookFirstBackoff());
            engine.events(webhooks).join();
        }
        return new ControlPlane(drain, webhooks, signalingSockets, protections);
    }

    /** The OpenAPI 3 document of this API, as served at {@value #OPENAPI_PATH}. */
    public static String openApiDocument() {
        try (InputStream in = ControlPlane.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Drain drain() {
        return drain;
    }

    /** The webhook sender, or null when no webhook URL is configured. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Stops the webhook sender. */
    public void close() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    static List<String> paths() {
        return new ArrayList<>(ROUTES.keySet());
    }
}
