package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.auth.JoinAuthorizer;
import dev.sfu.api.shared.Protections;
import dev.sfu.core.engine.JoinResult;
import dev.sfu.core.engine.ParticipantHandle;
import dev.sfu.core.engine.SfuEngine;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's signaling over a WebSocket (protocol in docs/protocol.md): join, then offers answered
 * by the media plane, room events pushed as they happen. This class holds the session's state and routes
 * each client message to the part that handles it:
 *
 * <pre>
 *   client text -> admit (rate, keepalive) -> dispatch on "type" -> JoinFlow     (join -> joined)
 *                                                                 -> Negotiation (offer -> answer, trackSettings)
 *                                          (each with its Reply: replies and errors echo the "requestId")
 *   media loop  -> RoomEventRelay (events from snapshots) ---------> ClientChannel -> client
 * </pre>
 *
 * Every message out is built by {@link ServerMessages}. Runs on the WebSocket's Vert.x context; media-plane
 * events and answers arrive on the media loop and are handed to that context before they are written.
 *
 * <p><b>Limits</b> ({@link SignalingLimits}, docs/operations.md "Limits and protections"): messages are
 * rate-limited ({@link MessageRate}: small before join, larger after), at most one offer is in flight, the
 * outbound queue is capped (a client that sends and never reads is closed, not buffered for), a socket that has
 * not joined within {@link #JOIN_TIMEOUT_MILLIS} is closed, and a {@link Keepalive} ends a session whose client
 * went silent. Every way out ends in {@link #end}, which leaves the room at once rather than when TCP finally
 * notices.
 */
final class SignalingSession implements JoinFlow.Outcome {
    private static final Logger log = LoggerFactory.getLogger(SignalingSession.class);
    static final short CLOSE_NORMAL = 1000;
    /** RFC 6455 section 7.4.1: the endpoint is going away (here: the client stopped answering keepalives). */
    static final short CLOSE_GOING_AWAY = 1001;
    /** RFC 6455 section 7.4.1: refused by policy (token refused, join timeout, rate limit, queue full). */
    static final short CLOSE_POLICY_VIOLATION = 1008;
    static final short CLOSE_MESSAGE_TOO_BIG = 1009;
    static final short CLOSE_INTERNAL_ERROR = 1011;
    /** A socket that has not sent a successful join by then is closed, so idle sockets cannot pile up. */
    static final long JOIN_TIMEOUT_MILLIS = 10_000;

    private final ServerWebSocket socket;
    private final Context context;
    private final ObjectMapper json;
    private final SignalingLimits limits;
    private final Protections protections;
    private final Runnable socketClosed;
    private final LogContext logContext = new LogContext();
    private final ServerMessages messages;
    private final ClientChannel channel;
    private final RoomEventRelay events;
    private final JoinFlow joinFlow;
    private final Negotiation negotiation;
    private final MessageRate rate;
    private final Keepalive keepalive;
    private State state = State.NEW;
    private ParticipantHandle participant;

    private enum State { NEW, JOINING, JOINED, CLOSED }

    SignalingSession(ServerWebSocket socket, Context context, SfuEngine engine, ObjectMapper json,
            JoinAuthorizer authorizer, IceServers iceServers, SignalingLimits limits, Protections protections,
            Runnable socketClosed) {
        this.socket = socket;
        this.context = context;
        this.json = json;
        this.limits = limits;
        this.protections = protections;
        this.socketClosed = socketClosed;
        this.messages = new ServerMessages(json);
        this.channel = new ClientChannel(socket, context, messages, limits.maxQueuedBytes(), protections, logContext,
                () -> end(CLOSE_POLICY_VIOLATION, "outbound queue full"));
        this.events = new RoomEventRelay(context, messages, channel, this::removedByMediaPlane);
        this.joinFlow = new JoinFlow(engine, authorizer, iceServers, context, messages);
        this.negotiation = new Negotiation(context, messages);
        this.rate = new MessageRate(limits, System::nanoTime);
        this.keepalive = new Keepalive(context.owner(), socket, limits, this::keepaliveExpired);
    }

    void start() {
        context.owner().setTimer(JOIN_TIMEOUT_MILLIS, id -> {
            if (state != State.JOINED && state != State.CLOSED && !socket.isClosed()) {
                channel.sendError("join_timeout", "no successful \"join\" within " + JOIN_TIMEOUT_MILLIS / 1000
                        + " s");
                protections.count(Protections.Reason.JOIN_TIMEOUT);
                end(CLOSE_POLICY_VIOLATION, "join timeout");
            }
        });
        channel.start();
        keepalive.start();
        socket.textMessageHandler(text -> logContext.run(() -> {
            if (admit()) {
                onText(text);
            }
        }));
        socket.binaryMessageHandler(buffer -> {
            if (admit()) {
                channel.sendError("bad_request", "messages are JSON text frames");
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
        if (rate.admit()) {
            return true;
        }
        boolean joined = state == State.JOINED;
        logContext.run(() -> log.info("signaling: closing a client over the message rate ({})",
                joined ? "joined" : "before join"));
        channel.sendError("rate_limited", rate.exceeded());
        protections.count(Protections.Reason.RATE_LIMITED);
        end(CLOSE_POLICY_VIOLATION, "rate limited");
        return false;
    }

    /** Message dispatch: a JSON object with a string "type", handed to the part that handles that type. */
    private void onText(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            channel.sendError("bad_request", "message is not valid JSON");
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            channel.sendError("bad_request", "message must be a JSON object with a string \"type\"");
            return;
        }
        String requestIdProblem = Reply.requestIdProblem(message);
        if (requestIdProblem != null) {
            channel.sendError("bad_request", requestIdProblem);
            return;
        }
        Reply reply = Reply.to(channel, messages, Reply.requestId(message));
        String type = message.get("type").asText();
        switch (type) {
            case "join" -> onJoin(message, reply);
            case "offer" -> {
                if (requireJoined(type, reply)) {
                    negotiation.offer(participant, message, reply);
                }
            }
            case "candidate" -> requireJoined(type, reply);
            case "trackSettings" -> {
                if (requireJoined(type, reply)) {
                    negotiation.trackSettings(participant, message, reply);
                }
            }
            case "leave" -> end(CLOSE_NORMAL, "leave");
            case "ping" -> reply.send(messages.message("pong"));
            default -> reply.error("bad_request", "unknown message type \"" + type + "\"");
        }
    }

    private boolean requireJoined(String what, Reply reply) {
        if (state != State.JOINED) {
            reply.error("not_joined", "\"" + what + "\" needs a successful \"join\" first");
            return false;
        }
        return true;
    }

    private void onJoin(JsonNode message, Reply reply) {
        if (state != State.NEW) {
            reply.error("bad_request", "already joined");
            return;
        }
        if (joinFlow.start(message, reply, events, this)) {
            state = State.JOINING;
        }
    }

    // ---- JoinFlow.Outcome, on our context ----

    @Override
    public void joined(String room, JoinResult result, Reply reply) {
        if (state == State.CLOSED) {
            // The socket closed while the join was in flight: leave at once so nothing lingers.
            result.participant().leave();
            return;
        }
        state = State.JOINED;
        participant = result.participant();
        logContext.joined(room, participant.id());
        rate.joined();
        reply.send(joinFlow.joinedMessage(room, result));
        logContext.run(() -> log.info("signaling joined as {}", participant.name()));
    }

    @Override
    public void failed() {
        state = State.NEW;
    }

    @Override
    public void refused(String code) {
        end(CLOSE_POLICY_VIOLATION, code);
    }

    // ---- ways out ----

    private void keepaliveExpired() {
        logContext.run(() -> log.info("signaling: no keepalive answer for {} s: the client is gone",
                limits.keepaliveTimeout().toSeconds()));
        protections.count(Protections.Reason.KEEPALIVE_TIMEOUT);
        end(CLOSE_GOING_AWAY, "keepalive timeout");
    }

    /** After the {@code closed} event: the media plane has removed the participant, only the socket is left. */
    private void removedByMediaPlane() {
        state = State.CLOSED;
        keepalive.stop();
        if (!socket.isClosed()) {
            socket.close();
        }
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
            logContext.run(() -> log.info("signaling ended: {}", reason));
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
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        boolean tooBig = text.contains("max message size") || text.contains("max frame length");
        channel.sendError("bad_request", tooBig ? "message too big: the limit is 256 KiB" : "transport error");
        end(tooBig ? CLOSE_MESSAGE_TOO_BIG : CLOSE_INTERNAL_ERROR, tooBig ? "message too big" : "error");
    }

    private void onSocketClosed() {
        end(CLOSE_NORMAL, "socket closed");
        socketClosed.run();
    }
}
