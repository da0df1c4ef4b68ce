package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.auth.JoinAuthorizer;
import dev.sfu.api.shared.Protections;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/** Mounts the signaling WebSocket at {@code /ws}: one {@link SignalingSession} per connection. */
public final class SignalingEndpoint {
    public static final String PATH = "/ws";

    private SignalingEndpoint() {}

    /** @return the number of signaling sockets open now (each counted until its close handler ran) */
    public static AtomicInteger mount(Vertx vertx, Router router, SfuEngine engine, ObjectMapper json,
            JoinAuthorizer authorizer, IceServers iceServers, SignalingLimits limits, Protections protections) {
        AtomicInteger open = new AtomicInteger();
        router.get(PATH).handler(ctx -> {
            // Cross-site WebSocket hijacking: a page elsewhere could open the socket in a visitor's browser.
            String origin = ctx.request().getHeader("Origin");
            if (!limits.originAllowed(origin, ctx.request().getHeader("Host"))) {
                protections.count(Protections.Reason.ORIGIN_REFUSED);
                ctx.response().setStatusCode(403).end("origin not allowed: " + origin);
                return;
            }
            upgrade(ctx, vertx, engine, json, authorizer, iceServers, limits, protections, open);
        });
        return open;
    }

    private static void upgrade(io.vertx.ext.web.RoutingContext ctx, Vertx vertx, SfuEngine engine,
            ObjectMapper json, JoinAuthorizer authorizer, IceServers iceServers, SignalingLimits limits,
            Protections protections, AtomicInteger open) {
        ctx.request().toWebSocket().onSuccess(socket -> {
            open.incrementAndGet();
            new SignalingSession(socket, vertx.getOrCreateContext(), engine, json, authorizer,
                    iceServers, limits, protections, open::decrementAndGet).start();
        }).onFailure(e -> {
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(400).end("expected a WebSocket upgrade");
            }
        });
    }
}
