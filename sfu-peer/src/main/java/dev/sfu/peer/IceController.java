package dev.sfu.peer;

import dev.sfu.core.ice.IceBindingRequests;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The controlling side of ICE toward an ICE-lite SFU (RFC 8445 §7.2, aggressive nomination): Binding requests
 * with USE-CANDIDATE to the one host candidate, every 50 ms until the first success response, then every
 * {@code consentInterval} to keep consent fresh (RFC 7675). A response counts only when its transaction id
 * is one we sent and its MESSAGE-INTEGRITY (keyed with the SFU's password) and FINGERPRINT verify.
 * {@link #setEnabled(boolean) setEnabled(false)} stops the checks, so a test can let consent expire.
 *
 * <p>Confined to the peer's event loop.
 */
final class IceController {
    /** RFC 8445 §5.1.2.1 priority of a peer-reflexive candidate on component 1, as Chromium computes it. */
    static final long PRIORITY = (110L << 24) | (65535L << 8) | 255;
    private static final long CONNECT_INTERVAL_MILLIS = 50;
    private static final int MAX_OUTSTANDING = 16;
    private static final int MAX_FAST_CHECKS = 200;

    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final IceCredentials local;
    private final Duration consentInterval;
    private final Consumer<ByteBuf> sender;
    private final Runnable onConnected;
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    private final Deque<ByteBuffer> outstanding = new ArrayDeque<>();
    private IceCredentials remote;
    private ScheduledFuture<?> timer;
    private boolean enabled = true;
    private boolean connected;
    private long checksSent;
    private long successes;
    private long errorResponses;
    private long ignoredMessages;
    private long lastSuccessNanos;

    /**
     * @param sender sends a check to the SFU's candidate, taking ownership of the buffer
     * @param onConnected called once, on the first verified success response
     */
    IceController(EventLoop loop, ByteBufAllocator alloc, IceCredentials local, Duration consentInterval,
            Consumer<ByteBuf> sender, Runnable onConnected) {
        this.loop = loop;
        this.alloc = alloc;
        this.local = local;
        this.consentInterval = consentInterval;
        this.sender = sender;
        this.onConnected = onConnected;
    }

    IceCredentials localCredentials() {
        return local;
    }

    /** Sets (or, on renegotiation, refreshes) the SFU's credentials and starts checking. */
    void start(IceCredentials remoteCredentials) {
        this.remote = remoteCredentials;
        if (timer == null && enabled) {
            schedule(0);
        }
    }

    /** Turns checks on or off; off lets the SFU's consent expire. */
    void setEnabled(boolean on) {
        enabled = on;
        if (!on && timer != null) {
            timer.cancel(false);
            timer = null;
        } else if (on && timer == null && remote != null) {
            schedule(0);
        }
    }

    void stop() {
        setEnabled(false);
    }

    private void schedule(long delayMillis) {
        timer = loop.schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        timer = null;
        if (!enabled || remote == null) {
            return;
        }
        ByteBuf request = IceBindingRequests.controllingCheck(alloc, local, remote, PRIORITY, true, tieBreaker);
        byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        request.getBytes(request.readerIndex() + 8, transactionId);
        if (outstanding.size() == MAX_OUTSTANDING) {
            outstanding.removeFirst();
        }
        outstanding.addLast(ByteBuffer.wrap(transactionId));
        checksSent++;
        sender.accept(request);
        // Fast checks while connecting, bounded to ~10 s; consent pace afterwards (or when the SFU is silent).
        boolean fast = !connected && checksSent < MAX_FAST_CHECKS;
        schedule(fast ? CONNECT_INTERVAL_MILLIS : consentInterval.toMillis());
    }

    /** Handles a STUN message from the SFU's address; {@code raw} is not consumed or released here. */
    void onStun(StunMessage message, ByteBuf raw) {
        if (message.type() == StunMessage.BINDING_ERROR_RESPONSE) {
            errorResponses++;
            return;
        }
        if (message.type() != StunMessage.BINDING_SUCCESS_RESPONSE
                || !outstanding.remove(ByteBuffer.wrap(message.transactionId()))
                || remote == null
                || !StunMessage.checkFingerprint(raw)
                || !StunMessage.checkMessageIntegrity(raw, remote.integrityKey())) {
            ignoredMessages++;
            return;
        }
        successes++;
        lastSuccessNanos = System.nanoTime();
        if (!connected) {
            connected = true;
            onConnected.run();
        }
    }

    boolean connected() {
        return connected;
    }

    long checksSent() {
        return checksSent;
    }

    long successes() {
        return successes;
    }

    long errorResponses() {
        return errorResponses;
    }

    long ignoredMessages() {
        return ignoredMessages;
    }

    long lastSuccessNanos() {
        return lastSuccessNanos;
    }
}
