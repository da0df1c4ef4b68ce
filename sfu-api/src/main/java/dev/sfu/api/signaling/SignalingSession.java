package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.auth.JoinAuthorizer;
import dev.sfu.api.auth.TokenException;
import dev.sfu.api.shared.ApiErrors;
import dev.sfu.api.shared.FieldRules;
import dev.sfu.api.shared.Protections;
import dev.sfu.core.engine.JoinResult;
import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.ParticipantObserver;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import dev.sfu.core.model.UnsupportedTrack;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One participant's signaling over a WebSocket (protocol in docs/protocol.md): join, then offers answered
 * by the media plane, room events pushed as they happen. Runs on the WebSocket's Vert.x context; media-plane
 * events arrive on the media loop and are handed to that context before they are written.
 *
 * <p><b>Limits</b> ({@link SignalingLimits}, docs/operations.md "Limits and protections"): messages are
 * rate-limited by a token bucket (small before join, larger after), at most one offer is in flight, the
 * outbound queue is capped (a client that sends and never reads is closed, not buffered for), and a keepalive
 * ends a session whose client went silent. Every way out ends in {@link #end}, which leaves the room at once
 * rather than when TCP finally notices.
 */
final class SignalingSession implements ParticipantObserver {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);
    static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MAX_NAME_LENGTH = FieldRules.MAX_NAME_CHARS;
    static final int MAX_SUBSCRIPTIONS = 256;
    static final short CLOSE_MESSAGE_TOO_BIG = 1009;
    static final short CLOSE_INTERNAL_ERROR = 1011;
    /** RFC 6455 section 7.4.1: the join was refused by policy (token missing, invalid, expired, wrong room). */
    static final short CLOSE_POLICY_VIOLATION = 1008;
    /** A socket that has not sent a successful join by then is closed, so idle sockets cannot pile up. */
    static final long JOIN_TIMEOUT_MILLIS = 10_000;
    /** RFC 6455 section 7.4.1: the endpoint is going away (here: the client stopped answering keepalives). */
    static final short CLOSE_GOING_AWAY = 1001;

    private final ServerWebSocket socket;
    private final Context context;
    private final SfuEngine engine;
    private final ObjectMapper json;
    private final JoinAuthorizer authorizer;
    private final IceServers iceServers;
    private final SignalingLimits limits;
    private final Runnable socketClosed;
    private final Protections protections;
    private final TokenBucket messages;
    private final Keepalive keepalive;
    private boolean offerInFlight;
    private State state = State.NEW;
    private ParticipantHandle participant;
    private String room;

    private enum State { NEW, JOINING, JOINED, CLOSED }

    SignalingSession(ServerWebSocket socket, Context context, SfuEngine engine, ObjectMapper json,
            JoinAuthorizer authorizer, IceServers iceServers, SignalingLimits limits, Protections protections,
            Runnable socketClosed) {
        this.socket = socket;
        this.context = context;
        this.engine = engine;
        this.json = json;
        this.authorizer = authorizer;
        this.iceServers = iceServers;
        this.limits = limits;
        this.socketClosed = socketClosed;
        this.protections = protections;
        this.messages = new TokenBucket(limits.preJoinMessagesPerSecond(), limits.preJoinBurst(), System::nanoTime);
        this.keepalive = new Keepalive(context.owner(), socket, limits, this::keepaliveExpired);
    }

    void start() {
        context.owner().setTimer(JOIN_TIMEOUT_MILLIS, id -> {
            if (state != State.JOINED && state != State.CLOSED && !socket.isClosed()) {
                sendError("join_timeout", "no successful \"join\" within " + JOIN_TIMEOUT_MILLIS / 1000 + " s");
                protections.count(Protections.Reason.JOIN_TIMEOUT);
                end(CLOSE_POLICY_VIOLATION, "join timeout");
            }
        });
        // Netty's high-water mark: writeQueueFull() turns true once this much waits for the client to read it.
        socket.setWriteQueueMaxSize(limits.maxQueuedBytes());
        keepalive.start();
        socket.textMessageHandler(text -> withLogContext(() -> {
            if (admit()) {
                onText(text);
            }
        }));
        socket.binaryMessageHandler(buffer -> {
            if (admit()) {
                sendError("bad_request", "messages are JSON text frames");
            }
        });
        socket.exceptionHandler(this::onSocketError);
        socket.closeHandler(v -> onSocketClosed());
    }

    /**
     * Whether a message that just arrived may be handled: not after the session ended, and only within the
     * message rate; over the rate the client gets {@code rate_limited} and the session ends (close 1008).
     */
    private boolean admit() {
        if (state == State.CLOSED) {
            return false;
        }
        keepalive.heard();
        if (messages.tryTake()) {
            return true;
        }
        boolean joined = state == State.JOINED;
        withLogContext(() -> log.info("signaling: closing a client over the message rate ({})",
                joined ? "joined" : "before join"));
        sendError("rate_limited", joined
                ? "more than " + perSecond(limits.messagesPerSecond()) + " messages/s (bursts of "
                        + limits.messageBurst() + ")"
                : "more than " + perSecond(limits.preJoinMessagesPerSecond()) + " messages/s before join (bursts of "
                        + limits.preJoinBurst() + ")");
        protections.count(Protections.Reason.RATE_LIMITED);
        end(CLOSE_POLICY_VIOLATION, "rate limited");
        return false;
    }

    private static String perSecond(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }

    private void onText(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            sendError("bad_request", "message is not valid JSON");
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            sendError("bad_request", "message must be a JSON object with a string \"type\"");
            return;
        }
        String type = message.get("type").asText();
        switch (type) {
            case "join" -> onJoin(message);
            case "offer" -> onOffer(message);
            case "candidate" -> requireJoined("candidate");
            case "trackSettings" -> onTrackSettings(message);
            case "leave" -> onLeave();
            case "ping" -> send(object("pong"));
            default -> sendError("bad_request", "unknown message type \"" + type + "\"");
        }
    }

    private void onJoin(JsonNode message) {
        if (state != State.NEW) {
            sendError("bad_request", "already joined");
            return;
        }
        String roomName = message.path("room").asText("");
        // Only a JSON string is a name: asText() would turn 42 into "42".
        String name = message.path("name").isTextual() ? message.get("name").asText().trim() : "";
        if (!message.path("room").isTextual() || !ROOM_NAME.matcher(roomName).matches()) {
            sendError("bad_request", "\"room\" must be 1-64 characters of letters, digits, '.', '_' or '-'");
            return;
        }
        if (!FieldRules.validName(name)) {
            sendError("bad_request", "\"name\" must be 1-" + MAX_NAME_LENGTH + " characters, no control characters");
            return;
        }
        JsonNode token = message.get("token");
        if (token != null && !token.isNull() && !token.isTextual()) {
            sendError("bad_request", "\"token\" must be a string");
            return;
        }
        JoinAuthorizer.Admission admission;
        try {
            admission = authorizer.admit(token == null || token.isNull() ? null : token.asText(), roomName, name);
        } catch (TokenException e) {
            log.info("room {}: join refused: {} ({})", roomName, e.getMessage(), e.code());
            sendError(e.code(), e.getMessage());
            end(CLOSE_POLICY_VIOLATION, e.code());
            return;
        }
        state = State.JOINING;
        engine.join(roomName, admission.displayName(), this, admission.options())
                .whenComplete((result, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                state = State.NEW;
                String[] error = ApiErrors.describe(failure);
                sendError(error[0], error[1]);
            } else {
                onJoined(roomName, result);
            }
        }));
    }

    private void onJoined(String roomName, JoinResult result) {
        if (state == State.CLOSED) {
            // The socket closed while the join was in flight: leave at once so nothing lingers.
            result.participant().leave();
            return;
        }
        state = State.JOINED;
        participant = result.participant();
        room = roomName;
        messages.reset(limits.messagesPerSecond(), limits.messageBurst());
        ObjectNode joined = object("joined");
        joined.put("participantId", participant.id());
        joined.put("room", roomName);
        joined.set("permissions", json.valueToTree(participant.permissions()));
        joined.set("iceServers", json.valueToTree(iceServers.forParticipant(participant.id())));
        joined.set("participants", json.valueToTree(result.others().stream().map(SignalingSession::publicView)
                .toList()));
        send(joined);
        withLogContext(() -> log.info("signaling joined as {}", participant.name()));
    }

    private void onOffer(JsonNode message) {
        if (!requireJoined("offer")) {
            return;
        }
        if (offerInFlight) {
            // One negotiation per participant at a time: a client cannot queue work on the media loop faster
            // than the loop answers it (docs/protocol.md: the next offer goes after the answer).
            sendError("offer_in_flight", "an offer is being answered: send the next one after its answer");
            return;
        }
        JsonNode sdp = message.get("sdp");
        if (sdp == null || !sdp.isTextual()) {
            sendError("bad_request", "\"sdp\" must be a string");
            return;
        }
        Map<String, String> subscriptions = new LinkedHashMap<>();
        JsonNode subs = message.path("subscriptions");
        if (!subs.isMissingNode() && !subs.isNull()) {
            if (!subs.isObject() || subs.size() > MAX_SUBSCRIPTIONS) {
                sendError("bad_request", "\"subscriptions\" must be an object of at most " + MAX_SUBSCRIPTIONS
                        + " mid -> trackId strings");
                return;
            }
            var fields = subs.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getValue().isTextual()) {
                    sendError("bad_request", "subscription for mid " + field.getKey() + " must be a track id string");
                    return;
                }
                subscriptions.put(field.getKey(), field.getValue().asText());
            }
        }
        offerInFlight = true;
        participant.offer(sdp.asText(), subscriptions).whenComplete((answer, failure) -> context.runOnContext(v -> {
            offerInFlight = false;
            if (failure != null) {
                String[] error = ApiErrors.describe(failure);
                sendError(error[0], error[1]);
                return;
            }
            ObjectNode reply = object("answer");
            reply.put("sdp", answer);
            send(reply);
        }));
    }

    /**
     * A receiver's wishes for one track: {"type":"trackSettings","trackId":..,"quality":"auto|low|medium|high",
     * "width":..,"height":..,"maxTemporalLayer":..,"paused":..,"priority":..}; every field but trackId optional.
     */
    private void onTrackSettings(JsonNode message) {
        if (!requireJoined("trackSettings")) {
            return;
        }
        JsonNode trackId = message.get("trackId");
        if (trackId == null || !trackId.isTextual()) {
            sendError("bad_request", "\"trackId\" must be a string");
            return;
        }
        dev.sfu.core.model.TrackPreferences preferences;
        try {
            preferences = TrackSettings.parse(message);
        } catch (IllegalArgumentException e) {
            sendError("bad_request", e.getMessage());
            return;
        }
        participant.setPreferences(trackId.asText(), preferences).whenComplete((ok, failure) -> {
            if (failure != null) {
                context.runOnContext(v -> {
                    String[] error = ApiErrors.describe(failure);
                    sendError(error[0], error[1]);
                });
            }
        });
    }

    private void onLeave() {
        end((short) 1000, "leave");
    }

    private void keepaliveExpired() {
        withLogContext(() -> log.info("signaling: no keepalive answer for {} s: the client is gone",
                limits.keepaliveTimeout().toSeconds()));
        protections.count(Protections.Reason.KEEPALIVE_TIMEOUT);
        end(CLOSE_GOING_AWAY, "keepalive timeout");
    }

    /**
     * Ends the session: the participant leaves now (not when TCP notices), and the socket is closed with
     * {@code code}. Idempotent.
     */
    private void end(short code, String reason) {
        State previous = state;
        state = State.CLOSED;
        keepalive.stop();
        if (previous == State.JOINED && participant != null) {
            participant.leave();
            withLogContext(() -> log.info("signaling ended: {}", reason));
        }
        if (!socket.isClosed()) {
            socket.close(code, reason);
        }
    }

    /**
     * Vert.x reports here, among transport errors, a message over the server's maximum WebSocket message size,
     * which it drops. The client would otherwise never learn that its message was lost, and the rest of that
     * message's frames cannot be trusted, so the session ends: an error, then close code 1009 ("message too
     * big", RFC 6455 section 7.4.1) or 1011 for any other failure.
     */
    private void onSocketError(Throwable failure) {
        log.debug("signaling socket error", failure);
        if (socket.isClosed()) {
            return;
        }
        // A message over the limit in several frames is Vert.x's "max message size"; one frame over it is Netty's
        // decoder refusing it ("Max frame length ... exceeded", a CorruptedWebSocketFrameException): both too big.
        String text = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
        boolean tooBig = text.contains("max message size") || text.contains("max frame length");
        sendError("bad_request", tooBig ? "message too big: the limit is 256 KiB" : "transport error");
        end(tooBig ? CLOSE_MESSAGE_TOO_BIG : CLOSE_INTERNAL_ERROR, tooBig ? "message too big" : "error");
    }

    private void onSocketClosed() {
        end((short) 1000, "socket closed");
        socketClosed.run();
    }

    private boolean requireJoined(String what) {
        if (state != State.JOINED) {
            sendError("not_joined", "\"" + what + "\" needs a successful \"join\" first");
            return false;
        }
        return true;
    }

    // ---- media-plane events: called on the media loop, handed to our context ----

    @Override
    public void participantJoined(ParticipantSnapshot joined) {
        ObjectNode event = object("participantJoined");
        event.set("participant", json.valueToTree(publicView(joined)));
        sendFromAnyThread(event);
    }

    @Override
    public void participantLeft(String participantId) {
        ObjectNode event = object("participantLeft");
        event.put("participantId", participantId);
        sendFromAnyThread(event);
    }

    @Override
    public void trackPublished(TrackSnapshot track) {
        ObjectNode event = object("trackPublished");
        event.set("track", json.valueToTree(publicView(track)));
        sendFromAnyThread(event);
    }

    @Override
    public void trackUnpublished(TrackSnapshot track) {
        ObjectNode event = object("trackUnpublished");
        event.put("trackId", track.id());
        event.put("participantId", track.participantId());
        sendFromAnyThread(event);
    }

    @Override
    public void closed(String reason) {
        closed("closed", reason);
    }

    @Override
    public void closed(String code, String reason) {
        context.runOnContext(v -> {
            ObjectNode event = object("closed");
            event.put("code", code);
            event.put("reason", reason);
            send(event);
            // The media plane has removed the participant already: only the socket is left to close.
            state = State.CLOSED;
            keepalive.stop();
            if (!socket.isClosed()) {
                socket.close();
            }
        });
    }

    @Override
    public void trackMuted(TrackSnapshot track) {
        ObjectNode event = object("trackMuted");
        event.put("trackId", track.id());
        event.put("participantId", track.participantId());
        event.put("muted", track.muted());
        sendFromAnyThread(event);
    }

    @Override
    public void participantUpdated(ParticipantSnapshot updated) {
        ObjectNode event = object("participantUpdated");
        event.set("participant", json.valueToTree(publicView(updated)));
        sendFromAnyThread(event);
    }

    /** Sent before the answer of the offer it is about (both are handed to our context in that order). */
    @Override
    public void trackUnsupported(UnsupportedTrack track) {
        ObjectNode event = object("trackUnsupported");
        event.put("trackId", track.trackId());
        event.put("participantId", track.participantId());
        event.put("kind", track.kind());
        event.put("mid", track.mid());
        event.put("codec", track.codec());
        event.set("offeredCodecs", json.valueToTree(track.offeredCodecs()));
        event.put("message", "this " + track.kind() + " track is sent as " + track.codec()
                + ", which the offer for mid " + track.mid() + " does not include (it offered "
                + (track.offeredCodecs().isEmpty() ? "none" : String.join(", ", track.offeredCodecs())) + ")");
        sendFromAnyThread(event);
    }

    @Override
    public void draining(long deadlineMillis) {
        ObjectNode event = object("draining");
        event.put("deadlineMillis", deadlineMillis);
        sendFromAnyThread(event);
    }

    /** Runs {@code work} with the room and participant in the logging MDC, so every log line names them. */
    private void withLogContext(Runnable work) {
        if (room == null) {
            work.run();
            return;
        }
        MDC.put("room", room);
        MDC.put("participant", participant.id());
        try {
            work.run();
        } finally {
            MDC.remove("room");
            MDC.remove("participant");
        }
    }

    /** What a client sees of another participant: no addresses, no counters. */
    static Map<String, Object> publicView(ParticipantSnapshot participant) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", participant.id());
        view.put("name", participant.name());
        view.put("metadata", participant.metadata());
        view.put("tracks", participant.tracks().stream().map(SignalingSession::publicView).toList());
        return view;
    }

    static Map<String, Object> publicView(TrackSnapshot track) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", track.id());
        view.put("participantId", track.participantId());
        view.put("kind", track.kind());
        view.put("muted", track.muted());
        return view;
    }

    private ObjectNode object(String type) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        return node;
    }

    private void sendError(String code, String message) {
        ObjectNode error = object("error");
        error.put("code", code);
        error.put("message", message);
        send(error);
    }

    private void sendFromAnyThread(ObjectNode message) {
        context.runOnContext(v -> send(message));
    }

    private void send(ObjectNode message) {
        if (socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            // The client sends and does not read what we answer: buffering for it would let one socket fill the
            // heap. Its close frame waits behind the queue; Vert.x drops the TCP connection after its closing
            // timeout when the client never reads up to it.
            withLogContext(() -> log.info("signaling: the client does not read its messages ({} bytes queued): "
                    + "closing", limits.maxQueuedBytes()));
            protections.count(Protections.Reason.OUTBOUND_QUEUE_FULL);
            end(CLOSE_POLICY_VIOLATION, "outbound queue full");
            return;
        }
        try {
            socket.writeTextMessage(json.writeValueAsString(message));
        } catch (Exception e) {
            log.debug("signaling write failed", e);
        }
    }
}
