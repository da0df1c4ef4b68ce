package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.auth.JoinAuthorizer;
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
            JoinAuthorizer authorizer, IceServers iceServers, SignalingLimits limits) {
        AtomicInteger open = new AtomicInteger();
        router.get(PATH).handler(ctx -> ctx.request().toWebSocket().onSuccess(socket -> {
            open.incrementAndGet();
            new SignalingSession(socket, vertx.getOrCreateContext(), engine, json, authorizer,
                    iceServers, limits, open::decrementAndGet).start();
        }).onFailure(e -> {
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(400).end("expected a WebSocket upgrade");
            }
        }));
        return open;
    }
}
