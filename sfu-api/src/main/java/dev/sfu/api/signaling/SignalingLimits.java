package dev.sfu.api.signaling;

import java.time.Duration;
import java.util.List;

/**
 * What one signaling WebSocket may cost the server (docs/operations.md, "Limits and protections").
 *
 * @param preJoinMessagesPerSecond messages a session may send per second before its {@code join} succeeded
 * @param preJoinBurst messages a session may send at once before its {@code join} succeeded
 * @param maxQueuedBytes replies and events the server holds for a client that does not read them; when the
 *     socket's write queue passes this the session ends (close 1008), so a client that sends and never reads
 *     cannot fill the heap
 * @param messagesPerSecond messages a joined session may send per second on average (token bucket refill)
 * @param messageBurst messages a joined session may send at once (token bucket size)
 * @param pingInterval how often the server sends a WebSocket ping (browsers answer with a pong on their own)
 * @param keepaliveTimeout a session from which nothing (a pong or a message) arrived for this long is dead: it
 *     leaves its room and its socket is closed
 * @param allowedOrigins the {@code Origin}s a browser may open the socket from besides the server's own
 *     ({@code "*"}: any); a request without {@code Origin} (not a browser) is always admitted
 */
public record SignalingLimits(double preJoinMessagesPerSecond, int preJoinBurst, int maxQueuedBytes,
        double messagesPerSecond, int messageBurst, Duration pingInterval, Duration keepaliveTimeout,
        List<String> allowedOrigins) {
    public SignalingLimits {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (maxQueuedBytes < 16 * 1024) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least 16 KiB: " + maxQueuedBytes);
        }
        if (!(messagesPerSecond > 0) || messageBurst < 1 || !(preJoinMessagesPerSecond > 0) || preJoinBurst < 1) {
            throw new IllegalArgumentException("a positive message rate and burst are needed");
        }
        if (pingInterval.isNegative() || pingInterval.isZero() || keepaliveTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("the keepalive timeout must be longer than the ping interval");
        }
    }

    /**
     * Before join 2 messages/s in bursts of 10 (a client has one thing to say, and maybe a ping); 1 MiB queued;
     * after join 50 messages/s in bursts of 200; a ping every 10 s, dead after 25 s without a word; browsers only
     * from the server's own origin.
     */
    public static SignalingLimits defaults() {
        return new SignalingLimits(2, 10, 1024 * 1024, 50, 200, Duration.ofSeconds(10), Duration.ofSeconds(25),
                List.of());
    }

    public SignalingLimits withKeepalive(Duration interval, Duration timeout) {
        return new SignalingLimits(preJoinMessagesPerSecond, preJoinBurst, maxQueuedBytes, messagesPerSecond,
                messageBurst, interval, timeout, allowedOrigins);
    }

    public SignalingLimits withMessageRate(double perSecond, int burst) {
        return new SignalingLimits(preJoinMessagesPerSecond, preJoinBurst, maxQueuedBytes, perSecond, burst,
                pingInterval, keepaliveTimeout, allowedOrigins);
    }

    /** The same rate before and after join (tests that flood on purpose set it high). */
    public SignalingLimits withAllMessageRates(double perSecond, int burst) {
        return new SignalingLimits(perSecond, burst, maxQueuedBytes, perSecond, burst, pingInterval,
                keepaliveTimeout, allowedOrigins);
    }

    public SignalingLimits withMaxQueuedBytes(int bytes) {
        return new SignalingLimits(preJoinMessagesPerSecond, preJoinBurst, bytes, messagesPerSecond, messageBurst,
                pingInterval, keepaliveTimeout, allowedOrigins);
    }

    public SignalingLimits withAllowedOrigins(List<String> origins) {
        return new SignalingLimits(preJoinMessagesPerSecond, preJoinBurst, maxQueuedBytes, messagesPerSecond,
                messageBurst, pingInterval, keepaliveTimeout, origins);
    }

    /**
     * Whether a browser page from {@code origin} may open the socket on {@code host} (the request's Host): its own
     * origin always, others when listed. Null {@code origin}: not a browser, admitted.
     */
    public boolean originAllowed(String origin, String host) {
        if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            String authority = java.net.URI.create(origin).getAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
