package dev.sfu.api.signaling;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * WebSocket keepalive for one signaling session: a ping frame every {@code pingInterval} (RFC 6455 section 5.5.2;
 * browsers answer with a pong by themselves, no script involved), and the session declared dead when nothing, a
 * pong or a message, arrived for {@code keepaliveTimeout}. A peer whose network vanished sends no FIN; without
 * this its participant would stay in the room for as long as TCP keeps retransmitting (many minutes). Checked
 * every second, so a dead session is noticed within the timeout plus one second. Runs on the session's context.
 */
final class Keepalive {
    private static final long CHECK_MILLIS = 1000;
    private static final Buffer PING = Buffer.buffer("ka");

    private final Vertx vertx;
    private final ServerWebSocket socket;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Runnable dead;
    private long lastHeardNanos;
    private long lastPingNanos;
    private long timer = -1;

    Keepalive(Vertx vertx, ServerWebSocket socket, SignalingLimits limits, Runnable dead) {
        this.vertx = vertx;
        this.socket = socket;
        this.intervalNanos = limits.pingInterval().toNanos();
        this.timeoutNanos = limits.keepaliveTimeout().toNanos();
        this.dead = dead;
    }

    void start() {
        lastHeardNanos = System.nanoTime();
        lastPingNanos = lastHeardNanos;
        socket.pongHandler(pong -> heard());
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
    }

    /** Something arrived from the client: it is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void check() {
        if (socket.isClosed()) {
            stop();
            return;
        }
        long now = System.nanoTime();
        if (now - lastHeardNanos >= timeoutNanos) {
            stop();
            dead.run();
        } else if (now - lastPingNanos >= intervalNanos) {
            lastPingNanos = now;
            socket.writePing(PING);
        }
    }
}
