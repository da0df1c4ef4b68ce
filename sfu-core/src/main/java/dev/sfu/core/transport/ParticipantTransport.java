package dev.sfu.core.transport;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.dtls.SrtpKeyingMaterial;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.ice.CheckOutcome;
import dev.sfu.core.ice.IceLiteAgent;
import dev.sfu.core.log.MediaLog;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.srtp.SrtpContext;
import dev.sfu.core.srtp.SrtpResult;
import dev.sfu.core.stun.StunMessage;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's connection over the shared UDP socket: its ICE-lite agent, the DTLS handshake that
 * yields the SRTP keys, the two SRTP contexts, and the remote address media goes to.
 *
 * <pre>
 *  datagram -> STUN  -> IceLiteAgent -> response; binds the address (nominated pair becomes the target)
 *           -> DTLS  -> DtlsSession (handshake thread) -> keys -> SRTP contexts (back on the loop)
 *           -> SRTP  -> unprotect in place -> Listener.onRtp / onRtcp (decrypted, caller does not keep it)
 *  sendRtpCopy      -> protect in the caller's array (the loop's scratch) -> one copy into the socket's send
 *                     batch (sent when the received datagram is done: one sendmmsg for all its copies)
 *  sendRtp/sendRtcp -> protect in place -> socket
 * </pre>
 *
 * <p>Confinement: every method runs on the socket's event loop, except the DTLS callbacks, which hop onto
 * it. Not thread-safe otherwise.
 */
public final class ParticipantTransport implements RtpOutput {
    private static final Logger log = LoggerFactory.getLogger(ParticipantTransport.class);
    /** Extra room so SRTP can append its tag (and SRTCP its index) without reallocating. */
    public static final int SRTP_TAILROOM = 16 + 4;
    private static final int MAX_ADDRESSES = 4;

    /** What the transport reports to its owner; called on the event loop. */
    public interface Listener {
        /** DTLS is done and SRTP keys are in place: media can flow both ways. */
        void onTransportConnected();

        /** A decrypted RTP packet; valid only during the call (the caller releases the buffer). */
        void onRtp(ByteBuf packet);

        /** A decrypted RTCP compound packet; valid only during the call. */
        void onRtcp(ByteBuf packet);

        /** The transport cannot go on (DTLS failed, consent expired); the owner should remove it. */
        void onTransportFailed(String reason);

        /** A decrypted DTLS application record: one SCTP packet for the data channels (owned by the callee). */
        default void onApplicationData(byte[] record) {
        }
    }

    private final String id;
    private final UdpMediaSocket socket;
    private final IceLiteAgent ice;
    private final TransportDtls dtls;
    private final Listener listener;
    private final DropCounters drops;
    private final Deque<InetSocketAddress> addresses = new ArrayDeque<>();
    private InetSocketAddress target;
    private boolean nominated;
    private SrtpContext inbound;
    private SrtpContext outbound;
    private boolean closed;
    private boolean everChecked;
    /** Authenticated SRTP/SRTCP packets from {@link #target}, and their count when consent last looked. */
    private long mediaFromTarget;
    private long mediaFromTargetSeen;

    private long packetsIn;
    private long bytesIn;
    private long packetsOut;
    private long bytesOut;

    public ParticipantTransport(String id, UdpMediaSocket socket, DtlsCertificate certificate,
            Executor handshakeExecutor, MonotonicClock clock, Duration consentTimeout, Listener listener) {
        this.id = id;
        this.socket = socket;
        this.dtls = new TransportDtls(id, socket, certificate, handshakeExecutor, () -> target,
                new TransportDtls.Events() {
                    @Override
                    public void onKeys(SrtpKeyingMaterial keys) {
                        installKeys(keys);
                    }

                    @Override
                    public void onFailed(String reason) {
                        fail(reason);
                    }

                    @Override
                    public void onApplicationData(byte[] record) {
                        if (!closed) {
                            listener.onApplicationData(record);
                        }
                    }
                });
        this.listener = listener;
        this.drops = socket.drops();
        this.ice = new IceLiteAgent(IceCredentials.random(), clock, consentTimeout);
        socket.register(this);
    }

    public IceCredentials localIceCredentials() {
        return ice.localCredentials();
    }

    String localUfrag() {
        return ice.localCredentials().ufrag();
    }

    @Override
    public ByteBufAllocator alloc() {
        return socket.alloc();
    }

    /**
     * The event loop's scratch array for building an outgoing RTP packet of up to {@code capacity} bytes plus
     * SRTP's tag ({@link #SRTP_TAILROOM}); see {@link #sendRtpCopy}.
     */
    @Override
    public byte[] outgoingRtp(int capacity) {
        return socket.outgoingRtp(capacity + SRTP_TAILROOM);
    }

    /**
     * Takes the remote ICE credentials and DTLS fingerprint from the client's offer. The first call starts
     * the DTLS server (it then waits for the client's ClientHello); later calls only refresh ICE.
     */
    public void configureRemote(IceCredentials remoteIce, String fingerprintAlgorithm, String fingerprint) {
        ice.setRemoteCredentials(remoteIce);
        if (!closed) {
            dtls.start(fingerprintAlgorithm, fingerprint);
        }
    }

    /**
     * Sends one SCTP packet as a DTLS application record (encrypted on the handshake executor). False when it
     * was dropped: not connected yet, or the session's send queue is full.
     */
    public boolean sendApplicationData(byte[] record) {
        return !closed && dtls.sendApplicationData(record);
    }

    /** The largest SCTP packet one DTLS record can carry in one datagram; 0 before DTLS is up. */
    public int applicationDataLimit() {
        return dtls.applicationDataLimit();
    }

    @Override
    public boolean isConnected() {
        return outbound != null && target != null && !closed;
    }

    /**
     * True when the peer showed no sign of consent for longer than the consent timeout (RFC 7675): no
     * authenticated ICE check, and no authenticated SRTP or SRTCP from the selected address. Media counts
     * because some agents (libnice, so GStreamer's webrtcbin) keep a selected pair alive with Binding
     * indications, which carry no MESSAGE-INTEGRITY and so prove nothing; a packet that passed SRTP
     * authentication proves the peer holds the keys, which only the DTLS peer at that address does. Media is
     * looked at here (once a second, from the registry's tick) so the packet path only bumps a counter.
     */
    public boolean consentExpired() {
        if (mediaFromTarget != mediaFromTargetSeen) {
            mediaFromTargetSeen = mediaFromTarget;
            ice.refreshConsent();
        }
        return ice.consentExpired();
    }

    public boolean everChecked() {
        return everChecked;
    }

    public InetSocketAddress remoteAddress() {
        return target;
    }

    void onStun(StunMessage message, ByteBuf raw, InetSocketAddress from) {
        if (closed) {
            return;
        }
        CheckOutcome outcome = ice.handleStun(message, raw, from, socket.alloc());
        if (outcome.response() != null) {
            socket.send(outcome.response(), from);
        }
        if (!outcome.authenticated()) {
            if (outcome.dropReason() != null) {
                drops.count(DropReason.STUN_REJECTED);
            }
            return;
        }
        everChecked = true;
        rememberAddress(from);
        // ICE-lite: the controlling peer decides. Follow its nomination; before any, use the first valid pair.
        if (outcome.nominated()) {
            if (!from.equals(target)) {
                log.debug("participant {}: nominated {}", id, from);
            }
            target = from;
            nominated = true;
        } else if (target == null || !nominated && !addresses.contains(target)) {
            target = from;
        }
    }

    private void rememberAddress(InetSocketAddress from) {
        if (addresses.contains(from)) {
            return;
        }
        if (addresses.size() == MAX_ADDRESSES) {
            InetSocketAddress oldest = addresses.removeFirst();
            if (!oldest.equals(target)) {
                socket.unbindAddress(oldest, this);
            } else {
                addresses.addLast(oldest);
                InetSocketAddress next = addresses.removeFirst();
                socket.unbindAddress(next, this);
            }
        }
        addresses.addLast(from);
        socket.bindAddress(from, this);
    }

    void forgetAddress(InetSocketAddress address) {
        addresses.remove(address);
        if (address.equals(target)) {
            target = addresses.peekLast();
            nominated = false;
        }
    }

    void onDtlsDatagram(ByteBuf datagram) {
        DropReason dropped = closed ? DropReason.UNKNOWN_PROTOCOL : dtls.receive(datagram);
        if (dropped != null) {
            drops.count(dropped);
        }
    }

    void onSrtpDatagram(ByteBuf datagram, InetSocketAddress from) {
        if (inbound == null || closed) {
            drops.count(DropReason.SRTP_NOT_READY);
            return;
        }
        packetsIn++;
        bytesIn += datagram.readableBytes();
        if (RtpPacket.isRtcp(datagram)) {
            SrtpResult result = inbound.unprotectRtcp(datagram);
            if (result == SrtpResult.OK) {
                countConsent(from);
                listener.onRtcp(datagram);
            } else {
                countSrtpDrop(result);
            }
        } else {
            SrtpResult result = inbound.unprotectRtp(datagram);
            if (result == SrtpResult.OK) {
                countConsent(from);
                listener.onRtp(datagram);
            } else {
                countSrtpDrop(result);
            }
        }
    }

    /** Authenticated media from the selected address counts as consent (see {@link #consentExpired}). */
    private void countConsent(InetSocketAddress from) {
        if (from.equals(target)) {
            mediaFromTarget++;
        }
    }

    private void countSrtpDrop(SrtpResult result) {
        switch (result) {
            case AUTH_FAILED -> drops.count(DropReason.SRTP_AUTH_FAILED);
            case REPLAYED -> drops.count(DropReason.SRTP_REPLAYED);
            case MALFORMED -> drops.count(DropReason.SRTP_MALFORMED);
            default -> drops.count(DropReason.SRTP_OTHER);
        }
    }

    /** Protects and sends an RTP packet; takes ownership of the buffer (released on every path). */
    @Override
    public void sendRtp(ByteBuf packet) {
        if (!isConnected()) {
            packet.release();
            return;
        }
        SrtpResult result = outbound.protectRtp(packet);
        sendProtected(packet, result);
    }

    /**
     * The forwarding path: protects the RTP packet {@code packet[0, length)} the caller built in an array it keeps
     * (normally {@link #outgoingRtp}, reused for every packet of the loop) in place, then hands it to the socket,
     * which copies it once into its send batch.
     */
    @Override
    public void sendRtpCopy(byte[] packet, int length) {
        if (!isConnected()) {
            return;
        }
        SrtpResult result = outbound.protectRtp(packet, 0, length);
        if (result != SrtpResult.OK) {
            countSrtpDrop(result);
            return;
        }
        int protectedLength = length + outbound.rtpTagLength();
        packetsOut++;
        bytesOut += protectedLength;
        socket.sendCopy(packet, protectedLength, target);
    }

    /** Protects and sends an RTCP compound packet; takes ownership of the buffer. */
    public void sendRtcp(ByteBuf packet) {
        if (!isConnected()) {
            packet.release();
            return;
        }
        SrtpResult result = outbound.protectRtcp(packet);
        sendProtected(packet, result);
    }

    private void sendProtected(ByteBuf packet, SrtpResult result) {
        if (result != SrtpResult.OK) {
            packet.release();
            countSrtpDrop(result);
            return;
        }
        packetsOut++;
        bytesOut += packet.readableBytes();
        socket.send(packet, target);
    }

    private void installKeys(SrtpKeyingMaterial keys) {
        if (closed) {
            return;
        }
        inbound = new SrtpContext(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt());
        outbound = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt());
        MediaLog.info(log, null, id, "connected from {} ({})", target, keys.profile());
        listener.onTransportConnected();
    }

    private void fail(String reason) {
        if (!closed) {
            listener.onTransportFailed(reason);
        }
    }

    /** Releases everything: the DTLS thread, the socket's tables. Idempotent; event loop only. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dtls.close();
        socket.unregister(this);
        addresses.clear();
        inbound = null;
        outbound = null;
    }

    public TransportStats stats() {
        return new TransportStats(target == null ? null : target.toString(), isConnected(), packetsIn, bytesIn,
                packetsOut, bytesOut);
    }

    /** Counters of one transport, for the REST view. */
    public record TransportStats(String remoteAddress, boolean connected, long packetsIn, long bytesIn,
            long packetsOut, long bytesOut) {}
}
