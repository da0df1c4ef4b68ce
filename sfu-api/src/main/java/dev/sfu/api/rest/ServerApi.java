package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.ApiConfig;
import dev.sfu.api.shared.ApiException;
import dev.sfu.api.shared.Drain;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The server as a whole: its state and the admin drain ({@code /api/v1/server}, docs/operations.md). */
final class ServerApi {
    private final SfuEngine engine;
    private final ObjectMapper json;
    private final ApiConfig config;
    private final Drain drain;
    private final Replies replies;

    ServerApi(SfuEngine engine, ObjectMapper json, ApiConfig config, Drain drain, Replies replies) {
        this.engine = engine;
        this.json = json;
        this.config = config;
        this.drain = drain;
        this.replies = replies;
    }

    void mount(Router router) {
        router.get(ControlPlane.BASE + "/server").handler(this::status);
        router.post(ControlPlane.BASE + "/server/drain").handler(this::drain);
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("draining", drain.started() || engine.draining());
        state.put("drainDeadlineMillis", drain.deadlineMillis());
        state.put("rooms", engine.roomCount());
        state.put("participants", engine.participantCount());
        state.put("maxRooms", engine.config().maxRooms());
        state.put("maxParticipantsPerRoom", engine.config().maxParticipantsPerRoom());
        return state;
    }

    private void status(RoutingContext ctx) {
        replies.write(ctx.response(), 200, state());
    }

    private void drain(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("deadlineSeconds"), true);
            Integer seconds = body.integer("deadlineSeconds", false, 0, 24 * 3600);
            drain.start(seconds == null ? config.drainDeadline() : Duration.ofSeconds(seconds));
            replies.write(ctx.response(), 202, state());
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }
}
