package dev.sfu.core.sctp;

/**
 * Settings of one {@link SctpAssociation}. Every queue of the association is bounded by one of these:
 * reassembly by {@link #receiveWindow}, outbound data by {@link #sendBudget}.
 *
 * <p>Timer choices (RFC 9260 §16 defaults are RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s): WebRTC stacks
 * run lower; here RTO.Initial 500 ms and RTO.Min 400 ms (above the peer's 200 ms delayed SACK plus a
 * round trip, so a delayed SACK does not trigger a spurious T3), RTO.Max 10 s, so ten retransmissions of
 * a dead peer close the association in about 75 s. The association error threshold
 * (Association.Max.Retrans) counts T3/T1/T2 expiries and unanswered heartbeats alike (one path only).
 *
 * @param localPort              our SCTP port (RFC 8841 a=sctp-port; 5000)
 * @param remotePort             the peer's SCTP port (5000)
 * @param maxIncomingMessageSize the largest user message we reassemble (our a=max-message-size); a peer
 *                               that sends more gets an ABORT (it broke the negotiated limit, RFC 8841 §6)
 * @param maxOutgoingMessageSize the largest message {@code send} accepts (the peer's a=max-message-size)
 * @param receiveWindow          our a_rwnd in bytes: bounds the bytes held for reassembly
 * @param sendBudget             bytes queued or in flight, not yet acked; {@code send} beyond it is refused
 * @param maxPacketSize          one SCTP packet incl. its common header: fits one DTLS record in a
 *                               1200-byte datagram (13-byte record header, AEAD tag and nonce: 1160)
 * @param rtoInitialMillis       RTO.Initial
 * @param rtoMinMillis           RTO.Min
 * @param rtoMaxMillis           RTO.Max
 * @param maxRetransmissions     Association.Max.Retrans: consecutive errors before the association closes
 * @param maxInitRetransmissions Max.Init.Retransmits for INIT and COOKIE ECHO
 * @param heartbeatIntervalMillis HB.interval: a HEARTBEAT when the association was idle this long
 * @param delayedAckMillis       how long a SACK may wait for a second packet (RFC 9260 §6.2: at most 500)
 * @param cookieLifetimeMillis   Valid.Cookie.Life
 */
public record SctpConfig(
        int localPort,
        int remotePort,
        int maxIncomingMessageSize,
        int maxOutgoingMessageSize,
        int receiveWindow,
        long sendBudget,
        int maxPacketSize,
        long rtoInitialMillis,
        long rtoMinMillis,
        long rtoMaxMillis,
        int maxRetransmissions,
        int maxInitRetransmissions,
        long heartbeatIntervalMillis,
        long delayedAckMillis,
        long cookieLifetimeMillis) {

    public static final int DEFAULT_PORT = 5000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    /** The receive window beyond the largest message, so one message being joined cannot stall the window. */
    static final int WINDOW_HEADROOM = 64 * 1024;

    public SctpConfig {
        ChunkHeader.checkRange("localPort", localPort, 1, 0xFFFF);
        ChunkHeader.checkRange("remotePort", remotePort, 1, 0xFFFF);
        ChunkHeader.checkRange("maxIncomingMessageSize", maxIncomingMessageSize, 1, Integer.MAX_VALUE);
        ChunkHeader.checkRange("maxOutgoingMessageSize", maxOutgoingMessageSize, 1, Integer.MAX_VALUE);
        ChunkHeader.checkRange("maxPacketSize", maxPacketSize, 256, 65535);
        if (receiveWindow < 1500 || (long) receiveWindow <= maxIncomingMessageSize) {
            // a window no larger than one message could fill with a partial message and stall
            throw new IllegalArgumentException("receiveWindow must exceed maxIncomingMessageSize");
        }
        if (sendBudget < maxOutgoingMessageSize) {
            throw new IllegalArgumentException("sendBudget below maxOutgoingMessageSize");
        }
        if (rtoMinMillis <= 0 || rtoInitialMillis < rtoMinMillis || rtoMaxMillis < rtoInitialMillis) {
            throw new IllegalArgumentException("need 0 < rtoMin <= rtoInitial <= rtoMax");
        }
        if (maxRetransmissions < 1 || maxInitRetransmissions < 1 || heartbeatIntervalMillis <= 0
                || delayedAckMillis <= 0 || delayedAckMillis > 500 || cookieLifetimeMillis <= 0) {
            throw new IllegalArgumentException("retransmission counts and intervals must be positive");
        }
    }

    /** Port 5000 both ways, 1 MiB messages, 1 MiB + 64 KiB window, 4 MiB send budget, 1160-byte packets. */
    public static SctpConfig defaults() {
        return new SctpConfig(DEFAULT_PORT, DEFAULT_PORT, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_MAX_MESSAGE_SIZE + WINDOW_HEADROOM, 4L << 20, 1160, 500, 400, 10_000, 10, 8, 30_000, 200, 60_000);
    }

    /**
     * The message sizes both ways and the send budget of a data channel peer, everything else as it is; the receive
     * window is the largest incoming message plus 64 KiB, as in {@link #defaults()}.
     */
    public SctpConfig withMessageLimits(int maxIncoming, int maxOutgoing, long budget) {
        return new SctpConfig(localPort, remotePort, maxIncoming, maxOutgoing, maxIncoming + WINDOW_HEADROOM, budget,
                maxPacketSize, rtoInitialMillis, rtoMinMillis, rtoMaxMillis, maxRetransmissions,
                maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis, cookieLifetimeMillis);
    }

    public SctpConfig withMaxOutgoingMessageSize(int size) {
        return new SctpConfig(localPort, remotePort, maxIncomingMessageSize, size, receiveWindow,
                Math.max(sendBudget, size), maxPacketSize, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                maxRetransmissions, maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis,
                cookieLifetimeMillis);
    }

    public SctpConfig withSendBudget(long budget) {
        return new SctpConfig(localPort, remotePort, maxIncomingMessageSize, maxOutgoingMessageSize,
                receiveWindow, budget, maxPacketSize, rtoInitialMillis, rtoMinMillis, rtoMaxMillis,
                maxRetransmissions, maxInitRetransmissions, heartbeatIntervalMillis, delayedAckMillis,
                cookieLifetimeMillis);
    }

    /** The largest user data in one DATA chunk: packet minus common header and DATA header, 4-aligned. */
    int maxFragmentSize() {
        return (maxPacketSize - SctpPacket.HEADER_LENGTH - 16) & ~3;
    }
}
