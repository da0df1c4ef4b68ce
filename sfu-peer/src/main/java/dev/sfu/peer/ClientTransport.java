package dev.sfu.peer;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.dtls.DtlsSession;
import dev.sfu.core.dtls.SrtpKeyingMaterial;
import dev.sfu.core.ice.IceCredentials;
import dev.sfu.core.srtp.SrtpProfile;
import dev.sfu.core.stun.StunException;
import dev.sfu.core.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The peer's one transport over its own UDP socket: ICE (controlling) toward the SFU's host candidate, the DTLS
 * client handshake once ICE succeeded, and the SRTP contexts from its keys ({@link PeerSrtp}); what leaves goes
 * through {@link PeerDatagrams}. This class demultiplexes what arrives and runs the ICE-then-DTLS sequence.
 *
 * <pre>
 *   datagram from the SFU's candidate (others are counted and dropped), RFC 7983 first byte:
 *     0..3     STUN      -> IceController (success responses verified with the SFU's password)
 *     20..63   DTLS      -> DtlsSession (handshake thread; keys come back on the loop)
 *     128..191 SRTP/SRTCP -> unprotect in place -> Listener.onRtp / onRtcp (valid during the call only)
 *   sendRtp / sendRtcp: protect in place, write (flushed by flush() or at the end of a read batch)
 * </pre>
 *
 * <p>Confinement: every method runs on the channel's event loop except the DTLS callbacks, which write with
 * the thread-safe {@code writeAndFlush} or hop onto the loop. Buffers: each datagram read is released by
 * {@link SimpleChannelInboundHandler}; each packet handed to {@link #sendRtp}/{@link #sendRtcp} is owned
 * from then on and released on every failure path.
 */
final class ClientTransport extends SimpleChannelInboundHandler<DatagramPacket> implements RtpSink {
    /** What the transport reports to its peer; called on the event loop. */
    interface Listener {
        /** SRTP keys are in place: media may flow. */
        void onMediaReady(SrtpProfile profile);

        void onRtp(ByteBuf packet);

        void onRtcp(ByteBuf packet);

        void onFailed(String reason);

        /**
         * Whether this incoming SRTP packet (header in the clear, payload still encrypted) is to be lost, as
         * if the network dropped it: it never reaches the SRTP context, so a retransmission with the same
         * sequence number is no replay.
         */
        default boolean lose(ByteBuf protectedRtp) {
            return false;
        }

        /** A packet {@link #lose} chose, decrypted apart (valid during the call only). */
        default void onLost(ByteBuf packet) {
        }

        /** A DTLS application record: one SCTP packet for the data channels (owned by the callee). */
        default void onApplicationData(byte[] record) {
        }
    }

    private final PeerConfig config;
    private final DtlsCertificate certificate;
    private final Executor handshakes;
    private final Listener listener;
    private final IceCredentials localIce = IceCredentials.random();
    private final PeerDatagrams out = new PeerDatagrams();
    private final PeerSrtp srtp = new PeerSrtp();
    private IceController ice;
    private String remoteFingerprintAlgorithm;
    private String remoteFingerprint;
    private DtlsSession dtls;
    private boolean closed;

    private long datagramsIn;
    private long foreignDatagrams;
    private long unknownProtocol;
    private long malformedStun;
    private String failure;

    ClientTransport(PeerConfig config, DtlsCertificate certificate, Executor handshakes, Listener listener) {
        super(DatagramPacket.class, true);
        this.config = config;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.listener = listener;
    }

    /** Called once the channel is bound, on its loop. */
    void attach(Channel boundChannel) {
        out.attach(boundChannel);
        this.ice = new IceController(boundChannel.eventLoop(), boundChannel.alloc(), localIce,
                config.consentInterval(), out::writeAndFlush, this::onIceConnected);
    }

    IceCredentials localIce() {
        return localIce;
    }

    /**
     * Takes the SFU's transport parameters from an answer: the first call starts ICE (then DTLS); later ones
     * only refresh the ICE credentials, as a renegotiation without an ICE restart does.
     */
    void connect(RemoteAnswer answer) {
        if (closed) {
            return;
        }
        if (out.remote() == null) {
            out.setRemote(answer.candidate());
            remoteFingerprintAlgorithm = answer.fingerprintAlgorithm();
            remoteFingerprint = answer.fingerprint();
        }
        ice.start(answer.ice());
    }

    IceController ice() {
        return ice;
    }

    InetSocketAddress remote() {
        return out.remote();
    }

    private void onIceConnected() {
        if (dtls != null || closed) {
            return;
        }
        dtls = new DtlsSession(DtlsSession.Role.CLIENT, certificate, remoteFingerprintAlgorithm, remoteFingerprint,
                config.srtpProfiles(), out::sendNow, handshakes, new DtlsSession.Listener() {
                    @Override
                    public void onHandshakeComplete(SrtpKeyingMaterial keys) {
                        execute(() -> installKeys(keys));
                    }

                    @Override
                    public void onHandshakeFailed(String reason, Throwable cause) {
                        execute(() -> fail("dtls: " + reason));
                    }

                    @Override
                    public void onApplicationData(byte[] record) {
                        execute(() -> {
                            if (!closed) {
                                listener.onApplicationData(record);
                            }
                        });
                    }
                });
        dtls.start();
    }

    private void execute(Runnable task) {
        try {
            out.channel().eventLoop().execute(task);
        } catch (RuntimeException rejected) {
            // the loop is shutting down with the peer; nothing left to tell
        }
    }

    private void installKeys(SrtpKeyingMaterial keys) {
        if (closed) {
            return;
        }
        srtp.install(keys);
        listener.onMediaReady(keys.profile());
    }

    private void fail(String reason) {
        if (!closed && failure == null) {
            failure = reason;
            listener.onFailed(reason);
        }
    }

    /** Sends one SCTP packet in a DTLS record; false when DTLS is not up or its queue is full (SCTP resends). */
    boolean sendApplicationData(byte[] record) {
        return dtls != null && !closed && dtls.sendApplicationData(record);
    }

    boolean mediaReady() {
        return srtp.ready() && !closed;
    }

    String failure() {
        return failure;
    }

    // ---- receive (event loop) ----

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        out.beginReadBatch();
        datagramsIn++;
        if (closed || !datagram.sender().equals(out.remote())) {
            foreignDatagrams++;
            return;
        }
        ByteBuf content = datagram.content();
        if (!content.isReadable()) {
            unknownProtocol++;
            return;
        }
        int first = content.getUnsignedByte(content.readerIndex());
        if (first < 4) {
            onStun(content);
        } else if (first >= 20 && first <= 63) {
            if (dtls != null) {
                dtls.receive(content);
            } else {
                unknownProtocol++;
            }
        } else if (first >= 128 && first <= 191) {
            srtp.receive(content, listener);
        } else {
            unknownProtocol++;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        out.endReadBatch();
    }

    private void onStun(ByteBuf content) {
        if (!StunMessage.isStun(content)) {
            malformedStun++;
            return;
        }
        try {
            ice.onStun(StunMessage.decode(content), content);
        } catch (StunException e) {
            malformedStun++;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like on a connected UDP socket: keep going, the checks will tell.
        unknownProtocol++;
    }

    // ---- send ----

    @Override
    public ByteBufAllocator alloc() {
        return out.channel().alloc();
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        if (!mediaReady()) {
            packet.release();
            return;
        }
        if (srtp.protectRtp(packet)) {
            out.write(packet);
        }
    }

    /** Protects and sends an RTCP compound packet; takes ownership. */
    void sendRtcp(ByteBuf packet) {
        if (!mediaReady()) {
            packet.release();
            return;
        }
        if (srtp.protectRtcp(packet)) {
            out.write(packet);
        }
        flush();
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Sends arbitrary bytes to the SFU from this peer's socket (hostile-input tests), silent or not. */
    void sendRaw(byte[] bytes) {
        out.sendNow(bytes);
    }

    /** Drops every outgoing check, media and RTCP packet while on, as a peer whose network vanished. */
    void setSilent(boolean on) {
        out.setSilent(on);
    }

    /** Stops ICE and DTLS; the caller closes the channel. Idempotent; event loop only. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ice != null) {
            ice.stop();
        }
        if (dtls != null) {
            dtls.close();
        }
        srtp.clear();
    }

    TransportCounters counters() {
        return new TransportCounters(datagramsIn, foreignDatagrams, unknownProtocol, malformedStun, srtp.notReady(),
                srtp.inboundFailures(), srtp.outboundFailures(), srtp.packetsSent());
    }

    /** Counters of the transport, copied on the loop. */
    record TransportCounters(long datagramsIn, long foreignDatagrams, long unknownProtocol, long malformedStun,
            long srtpNotReady, long srtpInboundFailures, long srtpOutboundFailures, long packetsSent) {}
}
