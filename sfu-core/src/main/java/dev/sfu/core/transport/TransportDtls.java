package dev.sfu.core.transport;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.dtls.DtlsSession;
import dev.sfu.core.dtls.SrtpKeyingMaterial;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS side of one {@link ParticipantTransport}: the session (DTLS server, RFC 5764) started from the client's
 * first offer, the datagrams it gets, the records it sends, and what it hands back to the transport's loop: the SRTP
 * keys, a failure, application records (SCTP packets for the data channels, RFC 8261).
 *
 * <p>Confined to the socket's event loop; the session's callbacks come on the handshake executor and hop onto it.
 * Outgoing datagrams go to the transport's current target, read when they leave.
 */
final class TransportDtls {
    private static final Logger log = LoggerFactory.getLogger(ParticipantTransport.class);
    /**
     * AES-CM first: its path through SrtpContext allocates nothing per packet, while the JDK 17 GCM cipher
     * allocates about 1 KB per packet. Both are offered by every browser.
     */
    private static final List<SrtpProfile> PROFILES =
            List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);

    /** What the session reports, on the loop. */
    interface Events {
        void onKeys(SrtpKeyingMaterial keys);

        void onFailed(String reason);

        void onApplicationData(byte[] record);
    }

    private final String id;
    private final UdpMediaSocket socket;
    private final DtlsCertificate certificate;
    private final Executor handshakeExecutor;
    private final Supplier<InetSocketAddress> target;
    private final Events events;
    private DtlsSession session;

    TransportDtls(String id, UdpMediaSocket socket, DtlsCertificate certificate, Executor handshakeExecutor,
            Supplier<InetSocketAddress> target, Events events) {
        this.id = id;
        this.socket = socket;
        this.certificate = certificate;
        this.handshakeExecutor = handshakeExecutor;
        this.target = target;
        this.events = events;
    }

    boolean started() {
        return session != null;
    }

    /** Starts the DTLS server for the peer with this fingerprint (it then waits for the ClientHello). Once. */
    void start(String fingerprintAlgorithm, String fingerprint) {
        if (session != null) {
            return;
        }
        session = new DtlsSession(DtlsSession.Role.SERVER, certificate, fingerprintAlgorithm, fingerprint, PROFILES,
                this::send, handshakeExecutor, new DtlsSession.Listener() {
                    @Override
                    public void onHandshakeComplete(SrtpKeyingMaterial keys) {
                        socket.eventLoop().execute(() -> events.onKeys(keys));
                    }

                    @Override
                    public void onHandshakeFailed(String reason, Throwable cause) {
                        MediaLog.info(log, null, id, "DTLS handshake failed: {}", reason);
                        socket.eventLoop().execute(() -> events.onFailed("dtls: " + reason));
                    }

                    @Override
                    public void onApplicationData(byte[] record) {
                        socket.eventLoop().execute(() -> events.onApplicationData(record));
                    }
                });
        session.start();
    }

    /** A DTLS datagram from the peer; null when taken, else why it was dropped. */
    DropReason receive(ByteBuf datagram) {
        if (session == null) {
            return DropReason.UNKNOWN_PROTOCOL;
        }
        return session.receive(datagram) ? null : DropReason.DTLS_QUEUE_FULL;
    }

    /** One SCTP packet as an application record; false when dropped (not connected, or the queue full). */
    boolean sendApplicationData(byte[] record) {
        return session != null && session.sendApplicationData(record);
    }

    /** The largest SCTP packet one record carries in one datagram; 0 before the handshake. */
    int applicationDataLimit() {
        return session == null ? 0 : session.applicationDataLimit();
    }

    void close() {
        if (session != null) {
            session.close();
        }
    }

    private void send(byte[] datagram) {
        InetSocketAddress to = target.get();
        if (to != null) {
            socket.sendFromAnyThread(datagram, to);
        }
    }
}
