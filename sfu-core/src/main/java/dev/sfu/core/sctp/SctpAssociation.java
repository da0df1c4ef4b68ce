package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One SCTP association (RFC 9260) over DTLS (RFC 8261) for WebRTC data channels, sans I/O: decrypted DTLS
 * application data goes in through {@link #handlePacket}, encoded SCTP packets come out through
 * {@link Output}, time comes from an injected clock and wake-ups from an {@link SctpTimer}.
 *
 * <pre>
 *   handlePacket --parse--&gt; PacketDispatcher (tags, §8.5) --&gt; Handshake
 *                          | DataReceiver (DataTracker, ReassemblyQueue) --&gt; Listener
 *                          | DataSender.onSack | StreamResets | Heartbeats | Shutdown
 *   send --&gt; DataSender (SendQueue --TSNs--&gt; RetransmissionQueue, CongestionControl)
 *        --&gt; PacketWriter --&gt; Output
 * </pre>
 *
 * <p>Concurrency: confined to one thread, the caller's event loop: every method, every listener callback and
 * every timer task runs there; nothing is locked. Listener callbacks run inside {@code handlePacket} or a
 * timer task and may call back in ({@code send}, {@code resetStreams}, {@code abort}).
 *
 * <p>Buffers: {@code handlePacket} reads its buffer and keeps nothing of it (the caller releases it); each
 * output packet is a new array handed over to the output.
 *
 * <p>Memory: bounded by {@link SctpConfig}: outbound by the send budget ({@code send} refuses beyond it),
 * reassembly by the receive window; every other queue by a protocol limit named in its class. A peer that
 * sends a message larger than our max message size gets an ABORT: it broke the limit it agreed to in SDP,
 * and dropping the message would need state per partial message (unordered fragments of one message cannot
 * be told apart until its B and E arrive).
 *
 * <p>Not supported: association restart (an INIT in ESTABLISHED is dropped: a WebRTC peer that restarts
 * makes a new DTLS session and so a new association), multi-homing, I-DATA (RFC 8260), reneging of gap-acked
 * chunks, ERROR reports for unrecognized chunks (they are skipped or stop the packet per §3.2).
 */
public final class SctpAssociation {
    /** Where encoded packets go: each one SCTP packet with its CRC32c, owned by the callee from then on. */
    @FunctionalInterface
    public interface Output {
        void sendPacket(byte[] packet);
    }

    /** What the association tells its owner, on the association's thread. */
    public interface Listener {
        void onEstablished();

        void onMessage(int streamId, long ppid, byte[] payload);

        /** The peer reset these (its outgoing) streams (RFC 6525); an empty array means all of them. */
        void onIncomingStreamsReset(int[] streamIds);

        /** ABORT received or sent, SHUTDOWN complete, too many retransmissions or a failed handshake. */
        void onClosed(String reason);
    }

    public enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT
    }

    final SctpConfig config;
    final LongSupplier clock;
    final Listener listener;
    final SctpCounters counters = new SctpCounters();
    final PacketWriter writer;
    final RtoEstimator rto;
    final TimerSlot t3;
    final TimerSlot delayedSack;
    final Heartbeats heartbeats;
    final TimerSlot reconfig;
    final TimerSlot t2;
    private final Handshake handshake;
    private final Shutdown shutdown;
    State state = State.CLOSED;
    private boolean terminated;
    private boolean inCall;
    private int errorCount;
    private final SecureRandom random;
    DataSender sender;
    DataReceiver receiver;
    StreamResets resets;

    public SctpAssociation(SctpConfig config, LongSupplier nanoClock, SctpTimer timer, Output output,
            Listener listener) {
        this.config = config;
        this.clock = nanoClock;
        this.listener = listener;
        this.random = new SecureRandom();
        this.writer = new PacketWriter(config, output, counters);
        this.rto = new RtoEstimator(millis(config.rtoInitialMillis()), millis(config.rtoMinMillis()),
                millis(config.rtoMaxMillis()));
        this.t3 = new TimerSlot(timer, nanoClock, () -> run(this::onT3Expiry));
        this.delayedSack = new TimerSlot(timer, nanoClock, () -> run(() -> {
            if (receiver != null) {
                receiver.tracker().requestImmediateSack();
            }
        }));
        this.heartbeats = new Heartbeats(this, random,
                new TimerSlot(timer, nanoClock, () -> run(this::onHeartbeatTimer)));
        this.reconfig = new TimerSlot(timer, nanoClock, () -> run(() -> {
            if (resets != null && resets.onTimerExpiry(writer)) {
                onError("RE-CONFIG unanswered");
            }
        }));
        this.t2 = new TimerSlot(timer, nanoClock, () -> run(this::onT2Expiry));
        this.handshake = new Handshake(this, new CookieSigner(random), random,
                new TimerSlot(timer, nanoClock, () -> run(this::onT1Expiry)));
        this.shutdown = new Shutdown(this);
    }

    static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Starts the association: sends INIT (the DTLS client's role, RFC 8841 §10.2). */
    public void connect() {
        run(handshake::connect);
    }

    /**
     * One decrypted DTLS record: an SCTP packet. Malformed packets and chunks are counted and dropped;
     * the buffer is only read (indexes unchanged) and not kept.
     */
    public void handlePacket(ByteBuf packet) {
        if (terminated) {
            return;
        }
        counters.packetsIn++;
        counters.bytesIn += packet.readableBytes();
        SctpPacket parsed;
        try {
            parsed = SctpPacket.parse(packet);
        } catch (SctpException e) {
            counters.drop(SctpDropReason.MALFORMED);
            return;
        }
        if (parsed.destinationPort() != config.localPort() || parsed.sourcePort() != config.remotePort()
                || parsed.chunks().isEmpty()) {
            counters.drop(SctpDropReason.MALFORMED);
            return;
        }
        run(() -> new PacketDispatcher(this, handshake, shutdown).dispatch(parsed));
    }

    /**
     * Queues one user message. {@code maxRetransmits} and {@code maxLifetimeMillis} (-1: none) make it
     * partially reliable (RFC 3758) when the peer supports FORWARD TSN.
     */
    public SendResult send(int streamId, long ppid, byte[] payload, boolean unordered, long maxRetransmits,
            long maxLifetimeMillis) {
        if (state != State.ESTABLISHED) {
            return SendResult.NOT_ESTABLISHED;
        }
        if (resets.isResetting(streamId)) {
            return SendResult.STREAM_RESETTING;
        }
        SendResult result = sender.send(streamId, ppid, payload, unordered, maxRetransmits, maxLifetimeMillis,
                clock.getAsLong());
        if (result == SendResult.QUEUED) {
            run(() -> {});
        }
        return result;
    }

    /** Resets our outgoing streams (RFC 6525 §5.1.2) once their queued messages have TSNs. */
    public void resetStreams(int... streamIds) {
        if (state == State.ESTABLISHED && streamIds.length > 0) {
            run(() -> resets.request(streamIds.clone()));
        }
    }

    /** Graceful close (RFC 9260 §9.2): queued data is delivered first. */
    public void shutdown() {
        run(shutdown::start);
    }

    /** Sends ABORT with a User-Initiated Abort cause (§9.1) and closes at once. */
    public void abort(String reason) {
        if (terminated) {
            return;
        }
        if (state != State.CLOSED) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] info = Arrays.copyOf(text, Math.min(text.length, 128));
            writer.sendAlone(new AbortChunk(false, List.of(new ErrorCause(ErrorCause.USER_INITIATED_ABORT,
                    Bytes.wrap(info)))), handshake.peerTag());
        }
        close(reason);
    }

    /** Bytes accepted by {@code send} and not yet acknowledged by the peer. */
    public long bufferedAmount() {
        return sender == null ? 0 : sender.bufferedAmount();
    }

    public State state() {
        return state;
    }

    public SctpStats stats() {
        return counters.snapshot();
    }

    /** Runs {@code action} then sends what it produced, unless already inside a call (it then flushes). */
    private void run(Runnable action) {
        if (terminated) {
            return;
        }
        if (inCall) {
            action.run();
            return;
        }
        inCall = true;
        try {
            action.run();
            flush();
        } finally {
            inCall = false;
        }
    }

    private void flush() {
        if (terminated) {
            return;
        }
        if (receiver != null && state != State.CLOSED) {
            DataTracker tracker = receiver.tracker();
            // a SACK that could wait rides along with DATA about to go (§6.2: bundle when sending anyway)
            if (tracker.sackDueNow() || tracker.sackPending() && sender != null && sender.hasDataWaiting()) {
                writer.add(receiver.createSack());
                delayedSack.stop();
            } else if (tracker.sackPending()) {
                delayedSack.startIfStopped(millis(config.delayedAckMillis()));
            }
        }
        if (sender != null && !terminated) {
            resets.fill(writer);
            sender.fill(writer, clock.getAsLong());
            shutdown.progress();
        }
        if (!terminated) {
            writer.flush();
        }
    }

    /** Something the peer acknowledged: the error count starts again (§8.1). */
    void peerResponded() {
        errorCount = 0;
    }

    /** One more unanswered retransmission or heartbeat; past Association.Max.Retrans the peer is gone. */
    void onError(String what) {
        if (++errorCount > config.maxRetransmissions()) {
            close("too many retransmissions (" + what + ")");
        }
    }

    private void onT1Expiry() {
        handshake.onT1Expiry();
    }

    private void onT2Expiry() {
        shutdown.onT2Expiry();
    }

    private void onHeartbeatTimer() {
        heartbeats.onTimer();
    }

    private void onT3Expiry() {
        if (sender != null) {
            sender.onT3Expiry(clock.getAsLong());
            onError("DATA");
        }
    }

    /** Builds the established state from the negotiated parameters and tells the listener. */
    void establish(long localInitialTsn, long peerInitialTsn, long peerRwnd, int outboundStreams,
            int inboundStreams, boolean peerSupportsForwardTsn) {
        state = State.ESTABLISHED;
        errorCount = 0;
        sender = new DataSender(config, counters, rto, t3, localInitialTsn, peerRwnd, outboundStreams,
                peerSupportsForwardTsn);
        receiver = new DataReceiver(config, counters, peerInitialTsn, inboundStreams, listener::onMessage);
        resets = new StreamResets(sender, receiver.tracker(), receiver.reassembly(), reconfig, rto,
                localInitialTsn, peerInitialTsn, listener::onIncomingStreamsReset);
        heartbeats.start();
        listener.onEstablished();
    }

    boolean terminated() {
        return terminated;
    }

    /** Ends the association for good: timers stop, queues are dropped, the listener hears why. */
    void close(String reason) {
        if (terminated) {
            return;
        }
        terminated = true;
        state = State.CLOSED;
        for (TimerSlot slot : List.of(t3, delayedSack, reconfig, t2)) {
            slot.stop();
        }
        handshake.stop();
        heartbeats.stop();
        if (sender != null) {
            sender.clear();
        }
        listener.onClosed(reason);
    }
}
