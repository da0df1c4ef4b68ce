package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.ApiErrors;
import dev.sfu.core.engine.RoomSnapshot;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REST for backend services under {@code /api/v1} (docs/api.md). Every call needs
 * {@code Authorization: Bearer <api key>}; errors are {@code {"error":{"code","message"}}}.
 */
public final class RoomsApi {
    public static final String BASE = "/api/v1";

    private final SfuEngine engine;
    private final ObjectMapper json;
    private final byte[] apiKey;

    private RoomsApi(SfuEngine engine, ObjectMapper json, String apiKey) {
        this.engine = engine;
        this.json = json;
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    public static void mount(Router router, SfuEngine engine, ObjectMapper json, String apiKey) {
        RoomsApi api = new RoomsApi(engine, json, apiKey);
        router.route(BASE + "/*").handler(api::authenticate);
        router.get(BASE + "/rooms").handler(api::listRooms);
        router.get(BASE + "/rooms/:room").handler(api::getRoom);
        router.route(BASE + "/*").handler(ctx -> api.error(ctx.response(), 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String prefix = "Bearer ";
        // RFC 7235 section 3.1: a 401 carries WWW-Authenticate naming the scheme (RFC 6750 section 3 for Bearer).
        if (header == null || !header.startsWith(prefix)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sfu\"");
            error(ctx.response(), 401, "unauthorized", "send the API key as 'Authorization: Bearer <key>'");
            return;
        }
        byte[] presented = header.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, apiKey)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sfu\", error=\"invalid_token\"");
            error(ctx.response(), 401, "unauthorized", "invalid API key");
            return;
        }
        ctx.next();
    }

    private void listRooms(RoutingContext ctx) {
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        engine.rooms().whenComplete((rooms, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                fail(ctx, failure);
                return;
            }
            List<Map<String, Object>> summaries = rooms.stream().map(RoomsApi::summary).toList();
            ok(ctx.response(), Map.of("rooms", summaries));
        }));
    }

    private void getRoom(RoutingContext ctx) {
        String name = ctx.pathParam("room");
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        engine.room(name).whenComplete((room, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                fail(ctx, failure);
            } else if (room.isEmpty()) {
                error(ctx.response(), 404, "room_not_found", "no room named '" + name + "'");
            } else {
                ok(ctx.response(), room.get());
            }
        }));
    }

    private static Map<String, Object> summary(RoomSnapshot room) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", room.name());
        summary.put("createdAtMillis", room.createdAtMillis());
        summary.put("participantCount", room.participants().size());
        return summary;
    }

    private void ok(HttpServerResponse response, Object body) {
        write(response, 200, body);
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        String[] error = ApiErrors.describe(failure);
        error(ctx.response(), 500, error[0], error[1]);
    }

    private void error(HttpServerResponse response, int status, String code, String message) {
        write(response, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private void write(HttpServerResponse response, int status, Object body) {
        if (response.ended()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }
}
