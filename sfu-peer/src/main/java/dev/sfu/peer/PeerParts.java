package dev.sfu.peer;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The parts of one {@link JavaPeer} and how they are wired: what the transport delivers goes to the receive side
 * (RTP), the send side and the reports (RTCP); once SRTP is keyed, media and reports start on timers; the
 * statistics are gathered from every part; closing stops the timers, the send history and the transport.
 *
 * <pre>
 *   Negotiator ── answer ─▶ ClientTransport ── RTP ──▶ PeerReceiver
 *                                  └─ RTCP ─▶ PeerSender (PLI, FIR, NACK), PeerReports (SR, blocks)
 *   PeerSender ── media ──▶ ClientTransport
 *   RtcpSender ── reports every second, PLI, REMB, NACK, transport-cc ──▶ ClientTransport
 * </pre>
 *
 * <p>Threading: confined to the peer's event loop; {@link JavaPeer} is the thread-safe way in.
 */
final class PeerParts {
    private static final long RTCP_INTERVAL_MILLIS = 1000;

    final PeerConfig config;
    final EventLoop loop;
    final Negotiator negotiation;
    final ClientTransport transport;
    final PeerReports reports;
    final PeerSender sender;
    final PeerReceiver receiver;
    final RtcpSender rtcp;
    final CompletableFuture<Void> mediaReady = new CompletableFuture<>();
    /** Completes when the data channels are open (needs {@link Negotiator#enableData} before the first offer). */
    final CompletableFuture<Void> dataReady = new CompletableFuture<>();
    /** The peer's data channels: set when DTLS is up and the answer accepted m=application. */
    PeerDataChannels data;
    /** The largest part the peer's data messages are cut into (at most the SFU's limit). */
    long dataPartLimit = 64 * 1024;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    /** Set once bound, before the peer is handed out. */
    Channel channel;
    private SrtpProfile profile;
    private boolean closed;

    PeerParts(PeerConfig config, EventLoop loop, Executor dtlsExecutor) {
        this.config = config;
        this.loop = loop;
        negotiation = new Negotiator(config, certificate);
        transport = new ClientTransport(config, certificate, dtlsExecutor, new ClientTransport.Listener() {
            @Override
            public void onMediaReady(SrtpProfile negotiated) {
                startMedia(negotiated);
            }

            @Override
            public void onRtp(ByteBuf packet) {
                receiver.onRtp(packet);
            }

            @Override
            public void onRtcp(ByteBuf packet) {
                sender.onRtcp(packet);
                reports.onRtcp(packet, System.nanoTime(), receiver::stream);
            }

            @Override
            public boolean lose(ByteBuf protectedRtp) {
                return receiver.lose(protectedRtp);
            }

            @Override
            public void onLost(ByteBuf packet) {
                receiver.onLost(packet);
            }

            @Override
            public void onApplicationData(byte[] record) {
                if (data != null) {
                    data.onPacket(record);
                }
            }

            @Override
            public void onFailed(String reason) {
                mediaReady.completeExceptionally(new IllegalStateException(reason));
                dataReady.completeExceptionally(new IllegalStateException(reason));
            }
        });
        reports = PeerReports.forTracks(negotiation.audioTrack(), negotiation.videoTrack());
        sender = new PeerSender(config, negotiation.audioTrack(), negotiation.videoTrack(), transport, reports);
        receiver = new PeerReceiver(negotiation, reports, transport::alloc);
        rtcp = new RtcpSender(transport, reports, negotiation.rtcpSsrc(), negotiation.cname());
    }

    private void startMedia(SrtpProfile negotiated) {
        if (closed) {
            return;
        }
        profile = negotiated;
        startData();
        sender.start(loop, timers);
        timers.add(loop.scheduleAtFixedRate(rtcp::sendReports, RTCP_INTERVAL_MILLIS, RTCP_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS));
        mediaReady.complete(null);
    }

    private void startData() {
        long serverMax = negotiation.dataMaxMessageSize();
        if (!negotiation.dataEnabled() || serverMax < 0) {
            return;
        }
        data = new PeerDataChannels(loop, transport, serverMax == 0 ? Integer.MAX_VALUE : serverMax, dataPartLimit);
        data.open().whenComplete((v, e) -> {
            if (e == null) {
                dataReady.complete(null);
            } else {
                dataReady.completeExceptionally(e);
            }
        });
    }

    /** Starts recording arrivals for transport-cc, with feedback every 50 ms. Idempotent. */
    void enableTransportCc() {
        if (receiver.enableTransportCc(negotiation.rtcpSsrc())) {
            timers.add(loop.scheduleAtFixedRate(() -> rtcp.sendTransportFeedback(receiver.transportCc()),
                    TransportCcReceiver.FEEDBACK_INTERVAL_MILLIS, TransportCcReceiver.FEEDBACK_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
    }

    PeerStats snapshot() {
        ClientTransport.TransportCounters counters = transport.counters();
        IceController ice = transport.ice();
        FeedbackCounter feedback = sender.feedback();
        return new PeerStats(config.name(), config.senderId(), channel.localAddress().toString(),
                ice != null && ice.connected(), transport.mediaReady(), profile == null ? null : profile.name(),
                transport.failure(), ice == null ? 0 : ice.checksSent(), ice == null ? 0 : ice.successes(),
                ice == null ? 0 : ice.errorResponses(), sender.packets(false), sender.packets(true),
                sender.videoFrames(), sender.videoKeyframes(), feedback.plis(), feedback.firs(), rtcp.plisSent(),
                feedback.receiverReports(), feedback.rembs(), feedback.lastRembBps(), feedback.malformed(),
                counters.foreignDatagrams(), counters.srtpInboundFailures(), receiver.unknownSsrcPackets(),
                negotiation.ssrcByMid(), receiver.snapshot(), feedback.plisBySsrc(), feedback.firsBySsrc(),
                rtcp.rembsSent());
    }

    /** Stops the timers, the send history, ICE and DTLS, and closes the channel. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ScheduledFuture<?> timer : timers) {
            timer.cancel(false);
        }
        timers.clear();
        sender.close();
        if (data != null) {
            data.close();
        }
        transport.close();
        if (channel != null) {
            channel.close();
        }
        mediaReady.completeExceptionally(new IllegalStateException("closed"));
        dataReady.completeExceptionally(new IllegalStateException("closed"));
    }
}
