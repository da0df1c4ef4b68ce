package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.ApiConfig;
import dev.sfu.api.shared.ApiException;
import dev.sfu.api.shared.FieldRules;
import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.model.RoomSettingsUpdate;
import dev.sfu.core.model.RoomSnapshot;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import dev.sfu.core.data.DataEnvelope;
import dev.sfu.core.data.DataEnvelopeException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rooms and their participants over REST (docs/api.md): create, list, get, update, delete rooms; list, get,
 * kick participants, read their per-stream statistics, change their metadata, mute their tracks; send data
 * messages into a room. Authentication, body limits and the error
 * shape are {@link ControlPlane}'s.
 */
public final class RoomsApi {
    public static final String BASE = ControlPlane.BASE;
    static final int MAX_EMPTY_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int MAX_REASON_CHARS = 256;

    private final SfuEngine engine;
    private final ObjectMapper json;
    private final ApiConfig config;
    private final Replies replies;

    RoomsApi(SfuEngine engine, ObjectMapper json, ApiConfig config, Replies replies) {
        this.engine = engine;
        this.json = json;
        this.config = config;
        this.replies = replies;
    }

    void mount(Router router) {
        router.get(BASE + "/rooms").handler(this::listRooms);
        router.post(BASE + "/rooms").handler(this::createRoom);
        router.get(BASE + "/rooms/:room").handler(this::getRoom);
        router.patch(BASE + "/rooms/:room").handler(this::updateRoom);
        router.delete(BASE + "/rooms/:room").handler(this::deleteRoom);
        router.get(BASE + "/rooms/:room/participants").handler(this::listParticipants);
        router.get(BASE + "/rooms/:room/participants/:participant").handler(this::getParticipant);
        router.get(BASE + "/rooms/:room/participants/:participant/stats").handler(this::getParticipantStats);
        router.patch(BASE + "/rooms/:room/participants/:participant").handler(this::updateParticipant);
        router.delete(BASE + "/rooms/:room/participants/:participant").handler(this::kickParticipant);
        router.patch(BASE + "/rooms/:room/participants/:participant/tracks/:track").handler(this::updateTrack);
        router.post(BASE + "/rooms/:room/data").handler(this::sendData);
    }

    private void listRooms(RoutingContext ctx) {
        replies.complete(ctx, engine.rooms(), 200, rooms -> Map.of("rooms",
                rooms.stream().map(RoomsApi::summary).toList()));
    }

    private void createRoom(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("name", "maxParticipants", "emptyTimeoutSeconds",
                    "metadata"), false);
            String name = body.string("name", true, FieldRules.MAX_ROOM_CHARS, FieldRules.ROOM_NAME,
                    FieldRules.ROOM_RULE);
            Integer max = body.integer("maxParticipants", false, 0, engine.config().maxParticipantsPerRoom());
            Integer timeout = body.integer("emptyTimeoutSeconds", false, 0, MAX_EMPTY_TIMEOUT_SECONDS);
            String metadata = body.string("metadata", false, config.maxMetadataChars(), null, null);
            RoomSettings defaults = config.newRoomDefaults();
            RoomSettings settings = new RoomSettings(max == null ? defaults.maxParticipants() : max,
                    timeout == null ? defaults.emptyTimeout() : Duration.ofSeconds(timeout),
                    metadata == null ? "" : metadata);
            replies.complete(ctx, engine.createRoom(name, settings), 201, room -> {
                ctx.response().putHeader("Location", BASE + "/rooms/" + room.name());
                return room;
            });
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    private void getRoom(RoutingContext ctx) {
        String name = ctx.pathParam("room");
        replies.complete(ctx, engine.room(name), 200, room -> room.orElseThrow(() -> roomNotFound(name)));
    }

    private void updateRoom(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("maxParticipants", "emptyTimeoutSeconds", "metadata"),
                    false);
            Integer max = body.integer("maxParticipants", false, 0, engine.config().maxParticipantsPerRoom());
            Integer timeout = body.integer("emptyTimeoutSeconds", false, 0, MAX_EMPTY_TIMEOUT_SECONDS);
            String metadata = body.string("metadata", false, config.maxMetadataChars(), null, null);
            RoomSettingsUpdate update = new RoomSettingsUpdate(max,
                    timeout == null ? null : Duration.ofSeconds(timeout), metadata);
            replies.complete(ctx, engine.updateRoom(ctx.pathParam("room"), update), 200, room -> room);
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    private void deleteRoom(RoutingContext ctx) {
        replies.complete(ctx, engine.deleteRoom(ctx.pathParam("room")), 204, v -> null);
    }

    private void listParticipants(RoutingContext ctx) {
        String name = ctx.pathParam("room");
        replies.complete(ctx, engine.room(name), 200, room -> Map.of("participants",
                room.orElseThrow(() -> roomNotFound(name)).participants()));
    }

    private void getParticipant(RoutingContext ctx) {
        replies.complete(ctx, engine.participant(ctx.pathParam("room"), ctx.pathParam("participant")), 200,
                p -> p);
    }

    private void getParticipantStats(RoutingContext ctx) {
        replies.complete(ctx, engine.participantStats(ctx.pathParam("room"), ctx.pathParam("participant")), 200,
                stats -> stats);
    }

    private void updateParticipant(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("metadata"), false);
            String metadata = body.string("metadata", true, config.maxMetadataChars(), null, null);
            replies.complete(ctx, engine.setParticipantMetadata(ctx.pathParam("room"), ctx.pathParam("participant"),
                    metadata), 200, p -> p);
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    private void kickParticipant(RoutingContext ctx) {
        List<String> reasons = ctx.queryParam("reason");
        String reason = reasons.isEmpty() ? "removed by the server" : reasons.get(0);
        if (reason.isBlank() || reason.length() > MAX_REASON_CHARS || FieldRules.hasControl(reason)) {
            replies.error(ctx.response(), 400, "invalid_field", "\"reason\" must be 1-" + MAX_REASON_CHARS
                    + " characters");
            return;
        }
        replies.complete(ctx, engine.kick(ctx.pathParam("room"), ctx.pathParam("participant"), reason), 204,
                v -> null);
    }

    private void updateTrack(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("muted"), false);
            boolean muted = body.bool("muted", true);
            replies.complete(ctx, engine.setTrackMuted(ctx.pathParam("room"), ctx.pathParam("participant"),
                    ctx.pathParam("track"), muted), 200, track -> track);
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    /** A data message from the backend to the room's participants (docs/api.md, "Send data"). */
    private void sendData(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("data", "to", "topic", "reliable"), false);
            String encoded = body.string("data", true, Integer.MAX_VALUE, null, null);
            byte[] payload;
            try {
                payload = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_field", "\"data\" must be base64 (RFC 4648 section 4)");
            }
            List<String> to = body.strings("to", DataEnvelope.MAX_RECIPIENTS, FieldRules.MAX_IDENTITY_CHARS);
            String topic = body.string("topic", false, DataEnvelope.MAX_TOPIC_BYTES, null, null);
            try {
                DataEnvelope.checkTopic(topic);
            } catch (DataEnvelopeException e) {
                throw new ApiException(400, "invalid_field", e.getMessage());
            }
            Boolean reliable = body.bool("reliable", false);
            replies.complete(ctx, engine.sendData(ctx.pathParam("room"), to, topic, reliable == null || reliable,
                    payload), 200, recipients -> Map.of("recipients", recipients));
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    private static ApiException roomNotFound(String name) {
        return new ApiException(404, "room_not_found", "no room named '" + name + "'");
    }

    static Map<String, Object> summary(RoomSnapshot room) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", room.name());
        summary.put("createdAtMillis", room.createdAtMillis());
        summary.put("participantCount", room.participants().size());
        summary.put("maxParticipants", room.maxParticipants());
        summary.put("emptyTimeoutSeconds", room.emptyTimeoutSeconds());
        summary.put("metadata", room.metadata());
        summary.put("mediaLoop", room.mediaLoop());
        summary.put("udpPort", room.udpPort());
        return summary;
    }
}
