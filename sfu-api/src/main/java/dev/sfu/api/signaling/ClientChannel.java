package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.shared.Protections;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out to one signaling client: writes messages to its socket on the session's context, and refuses to
 * buffer for a client that does not read. Nothing is written once the socket is closed.
 *
 * <p><b>Threading:</b> {@link #send} and {@link #sendError} run on the session's context;
 * {@link #sendFromAnyThread} hands a message to that context first (the media loop calls it), so messages keep
 * the order in which they were handed over.
 */
final class ClientChannel {
    private static final Logger log = LoggerFactory.getLogger(ClientChannel.class);

    private final ServerWebSocket socket;
    private final Context context;
    private final ServerMessages messages;
    private final int maxQueuedBytes;
    private final Protections protections;
    private final LogContext logContext;
    private final Runnable queueFull;

    /** @param queueFull ends the session when the client does not read what it is sent */
    ClientChannel(ServerWebSocket socket, Context context, ServerMessages messages, int maxQueuedBytes,
            Protections protections, LogContext logContext, Runnable queueFull) {
        this.socket = socket;
        this.context = context;
        this.messages = messages;
        this.maxQueuedBytes = maxQueuedBytes;
        this.protections = protections;
        this.logContext = logContext;
        this.queueFull = queueFull;
    }

    /** Netty's high-water mark: writeQueueFull() turns true once this much waits for the client to read it. */
    void start() {
        socket.setWriteQueueMaxSize(maxQueuedBytes);
    }

    /** An error no request caused (rate, keepalive, transport); errors a request caused go through its {@link Reply}. */
    void sendError(String code, String message) {
        send(messages.error(code, message));
    }

    void sendFromAnyThread(ObjectNode message) {
        context.runOnContext(v -> send(message));
    }

    void send(ObjectNode message) {
        if (socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            // The client sends and does not read what we answer: buffering for it would let one socket fill the
            // heap. Its close frame waits behind the queue; Vert.x drops the TCP connection after its closing
            // timeout when the client never reads up to it.
            logContext.run(() -> log.info("signaling: the client does not read its messages ({} bytes queued): "
                    + "closing", maxQueuedBytes));
            protections.count(Protections.Reason.OUTBOUND_QUEUE_FULL);
            queueFull.run();
            return;
        }
        try {
            socket.writeTextMessage(messages.encode(message));
        } catch (Exception e) {
            log.debug("signaling write failed", e);
        }
    }
}
