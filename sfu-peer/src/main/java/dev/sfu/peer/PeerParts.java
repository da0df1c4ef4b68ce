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
            public void onFailed(String reason) {
                mediaReady.completeExceptionally(new IllegalStateException(reason));
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
        sender.start(loop, timers);
        timers.add(loop.scheduleAtFixedRate(rtcp::sendReports, RTCP_INTERVAL_MILLIS, RTCP_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS));
        mediaReady.complete(null);
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
        transport.close();
        if (channel != null) {
            channel.close();
        }
        mediaReady.completeExceptionally(new IllegalStateException("closed"));
    }
}
