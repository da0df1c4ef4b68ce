package dev.sfu.core.dtls;

import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP association (RFC 5764) with one remote peer, on top of Bouncy Castle's blocking DTLS 1.2
 * (RFC 6347) state machine.
 *
 * <pre>
 *   event loop                         handshake executor
 *   ----------                         ------------------
 *   receive(ByteBuf) --copy--> [bounded queue, 64] --> BC DTLSServerProtocol / DTLSClientProtocol
 *   DatagramSender.send(byte[]) <--------------------- BC record layer (datagrams &lt;= 1200 bytes)
 *                                                      Listener.onHandshakeComplete(keys) / Failed
 * </pre>
 *
 * <p>The handshake blocks a thread of {@code handshakeExecutor} (never the caller's event loop) until it
 * completes, fails, times out (30 s) or {@link #close()} is called. The peer's certificate is accepted
 * only if its hash equals the fingerprint signalled in SDP. The server requests and requires a client
 * certificate. After the handshake, DTLS records that still arrive (a retransmitted final flight,
 * close_notify, application data for the data channels) and the application records to send are processed by
 * short tasks on the same executor, one at a time ({@link RecordPump}).
 *
 * <p>Concurrency contract:
 * <ul>
 *   <li>{@link #start()}, {@link #receive(ByteBuf)}, {@link #close()}, {@link #isConnected()} and
 *       {@link #droppedDatagrams()} are thread-safe and do not block on the network: call them from the
 *       event loop ({@code close()} of a connected session may wait a few milliseconds for a record in
 *       progress, and writes close_notify through the sender on the caller's thread).
 *   <li>{@link #receive(ByteBuf)} copies the readable bytes and leaves the buffer (and its reader index)
 *       to the caller, who keeps ownership and releases it.
 *   <li>{@link DatagramSender#send(byte[])} and the {@link Listener} methods are called on the handshake
 *       executor's thread; the arrays handed to the sender are fresh and owned by the callee.
 *   <li>Exactly one {@link Listener} method is called per started session: {@code onHandshakeComplete}
 *       once, or {@code onHandshakeFailed} once (also when {@link #close()} interrupts a handshake).
 * </ul>
 */
public final class DtlsSession {
    /** Default handshake timeout (RFC 6347 leaves it to the implementation). */
    static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    public enum Role { SERVER, CLIENT }

    /** Hands a datagram to the network; called from the handshake thread, must not block. */
    public interface DatagramSender {
        void send(byte[] datagram);
    }

    /** The outcome of the handshake; called on the handshake thread (hop to your event loop). */
    public interface Listener {
        void onHandshakeComplete(SrtpKeyingMaterial keys);

        void onHandshakeFailed(String reason, Throwable cause);

        /**
         * A decrypted application-data record (an SCTP packet, RFC 8261), on the handshake executor's thread;
         * the array is fresh and owned by the callee. The default drops it.
         */
        default void onApplicationData(byte[] record) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);

    private final Role role;
    private final PeerPolicy policy;
    private final QueueDatagramTransport transport;
    private final Executor executor;
    private final Listener listener;

    private final Object lock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean outcomeReported = new AtomicBoolean();
    /** Set under {@link #lock} by the handshake thread once BC returned; null before and if it failed. */
    private volatile DTLSTransport dtls;
    /** The records after the handshake, both ways. */
    private final RecordPump records;

    /**
     * @param role SERVER for the SFU (ICE-lite answerer, {@code a=setup:passive}), CLIENT for test clients
     * @param local our certificate, shared by all sessions
     * @param remoteFingerprintAlgorithm the hash name from the peer's {@code a=fingerprint}, e.g. "sha-256"
     * @param remoteFingerprint the hex pairs from the peer's {@code a=fingerprint}
     * @param profiles SRTP profiles in preference order
     * @param sender where outgoing datagrams go
     * @param handshakeExecutor runs the blocking handshake; a small bounded pool
     * @param listener told the outcome once
     */
    public DtlsSession(Role role, DtlsCertificate local, String remoteFingerprintAlgorithm,
            String remoteFingerprint, List<SrtpProfile> profiles, DatagramSender sender,
            Executor handshakeExecutor, Listener listener) {
        this(role, local, remoteFingerprintAlgorithm, remoteFingerprint, profiles, sender, handshakeExecutor,
                listener, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
    }

    DtlsSession(Role role, DtlsCertificate local, String remoteFingerprintAlgorithm, String remoteFingerprint,
            List<SrtpProfile> profiles, DatagramSender sender, Executor handshakeExecutor, Listener listener,
            int handshakeTimeoutMillis) {
        this.role = Objects.requireNonNull(role, "role");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        if (!Fingerprints.isSupported(remoteFingerprintAlgorithm)) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm: " + remoteFingerprintAlgorithm);
        }
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is required");
        }
        this.policy = new PeerPolicy(local, remoteFingerprintAlgorithm, remoteFingerprint, List.copyOf(profiles),
                handshakeTimeoutMillis);
        this.transport = new QueueDatagramTransport(Objects.requireNonNull(sender, "sender"));
        this.executor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.records = new RecordPump(lock, () -> closed.get() ? null : dtls, transport, executor, this::deliver);
    }

    /** Submits the handshake to the executor and returns at once. Only the first call has an effect. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        transport.armDeadline(policy.handshakeTimeoutMillis);
        try {
            executor.execute(this::handshake);
        } catch (RejectedExecutionException e) {
            transport.close();
            reportFailure("handshake executor rejected the task", e);
        }
    }

    /**
     * Queues a copy of the datagram's readable bytes for the DTLS thread. Never blocks; when the queue is
     * full (or the session closed) the datagram is dropped and counted. The caller keeps ownership of
     * {@code datagram}.
     *
     * @return false when the datagram was dropped (queue full or session closed), so the caller can count it
     */
    public boolean receive(ByteBuf datagram) {
        if (!transport.offer(ByteBufUtil.getBytes(datagram))) {
            return false;
        }
        if (dtls != null) {
            records.schedule();
        }
        return true;
    }

    /**
     * Ends the session: sends close_notify if connected, and makes a running handshake fail promptly
     * (its thread returns within milliseconds). Idempotent. When connected it may wait for a record
     * being processed by the post-handshake drain (at most a few milliseconds).
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            DTLSTransport connected = dtls;
            if (connected != null) {
                try {
                    connected.close(); // close_notify, then closes our transport
                } catch (IOException | RuntimeException ignored) {
                    // the peer may be gone; nothing else to do
                }
            }
        }
        transport.close();
    }

    /**
     * Queues one application-data record (an SCTP packet of at most {@link #applicationDataLimit()} bytes) to be
     * encrypted and sent by the executor. Never blocks: when the session is not connected or the queue is full
     * the record is dropped and counted (the SCTP layer above retransmits). The array is owned by the callee.
     *
     * @return false when the record was dropped
     */
    public boolean sendApplicationData(byte[] record) {
        if (!isConnected()) {
            records.countDropped();
            return false;
        }
        return records.send(record);
    }

    /**
     * The largest application record that fits one datagram of {@link QueueDatagramTransport#SEND_LIMIT} bytes
     * with the negotiated cipher's overhead; 0 before the handshake completed.
     */
    public int applicationDataLimit() {
        DTLSTransport connected = dtls;
        if (connected == null) {
            return 0;
        }
        try {
            return connected.getSendLimit();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Application records dropped on the way out (not connected, or the send queue full). */
    public long droppedApplicationRecords() {
        return records.dropped();
    }

    /** True once the handshake completed and until the session is closed (by us or the peer). */
    public boolean isConnected() {
        return dtls != null && !closed.get() && !transport.isClosed();
    }

    /** Datagrams dropped because the queue was full or the session closed. */
    public long droppedDatagrams() {
        return transport.droppedDatagrams();
    }

    public Role role() {
        return role;
    }

    private void handshake() {
        DTLSTransport established;
        try {
            established = role == Role.SERVER
                    ? new DTLSServerProtocol().accept(new SfuDtlsServer(policy), transport)
                    : new DTLSClientProtocol().connect(new SfuDtlsClient(policy), transport);
        } catch (Throwable t) {
            reportFailure(reasonFor(t), t);
            return;
        }
        synchronized (lock) {
            if (closed.get()) {
                try {
                    established.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing anyway
                }
                transport.close();
                reportFailure("session closed", null);
                return;
            }
            transport.disarmDeadline();
            dtls = established;
        }
        SrtpKeyingMaterial keys = policy.keys();
        if (outcomeReported.compareAndSet(false, true)) {
            try {
                listener.onHandshakeComplete(keys);
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener threw in onHandshakeComplete", e);
            }
        }
        if (transport.hasPending()) {
            records.schedule();
        }
    }

    private void deliver(byte[] record) {
        try {
            listener.onApplicationData(record);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener threw in onApplicationData", e);
        }
    }

    private void reportFailure(String reason, Throwable cause) {
        if (outcomeReported.compareAndSet(false, true)) {
            LOG.debug("DTLS {} handshake failed: {}", role, reason);
            try {
                listener.onHandshakeFailed(reason, cause);
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener threw in onHandshakeFailed", e);
            }
        }
    }

    private String reasonFor(Throwable t) {
        String own = policy.failureReason();
        if (own != null) {
            return own;
        }
        if (closed.get() || t instanceof QueueDatagramTransport.TransportClosedException) {
            return "session closed";
        }
        if (t instanceof TlsTimeoutException) {
            return "handshake timed out after " + policy.handshakeTimeoutMillis + " ms";
        }
        if (t instanceof TlsFatalAlertReceived received) {
            return "peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription());
        }
        if (t instanceof TlsFatalAlert alert) {
            return "fatal alert " + AlertDescription.getText(alert.getAlertDescription())
                    + (alert.getMessage() != null ? ": " + alert.getMessage() : "");
        }
        return t.toString();
    }
}
