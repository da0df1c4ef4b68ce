package dev.sfu.peer;

import dev.sfu.core.sctp.SendResult;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A WebRTC peer in pure Java that behaves toward the SFU like a browser with one RTCPeerConnection: it offers
 * (Unified Plan, BUNDLE, rtcp-mux), runs ICE as the controlling agent, the DTLS client and SRTP, publishes
 * Opus-like audio and VP8-like video with {@link PayloadStamp}s (as one encoding, or as up to three RID
 * simulcast encodings, {@link PeerConfig#simulcastLayers()}), receives and checks what the SFU forwards,
 * answers PLI and FIR with a keyframe of the encoding named, and on demand sends REMB or stops an encoding.
 * For loss recovery tests it can drop chosen incoming packets before its accounting (simulated loss), send
 * generic NACKs, and keep copies of the dropped packets and of the retransmissions that answer its NACKs.
 *
 * <pre>
 *   JavaPeer peer = JavaPeer.create(PeerConfig.defaults("ann", 1), group, dtlsPool).get();
 *   LocalOffer offer = peer.createOffer().get();
 *   String answer = participant.offer(offer.sdp(), offer.subscriptions()).get();   // signaling
 *   peer.applyAnswer(answer).get();               // ICE, DTLS, then media both ways
 *   peer.mediaReady().get(10, SECONDS);
 *   peer.addReceiver("video", trackId).get();     // on trackPublished; then offer and answer again
 *   PeerStats stats = peer.stats().get();
 *   peer.close();
 * </pre>
 *
 * <p>Threading: the peer and everything it owns are confined to the event loop of its UDP channel (one loop
 * of the group it was created on; many peers may share a group). Every public method is thread-safe: it hops
 * onto that loop and returns a future. The DTLS handshake blocks a thread of {@code dtlsExecutor}.
 *
 * <p>The peer is the thread-safe facade of its {@link PeerParts}: {@link Negotiator} (offers and answers),
 * {@link ClientTransport} (ICE, DTLS, SRTP, the socket), {@link PeerSender} (media out, answers to feedback),
 * {@link PeerReceiver} (media in), {@link RtcpSender} (reports and feedback out).
 */
public final class JavaPeer implements AutoCloseable {
    private final PeerParts parts;

    private JavaPeer(PeerParts parts) {
        this.parts = parts;
    }

    /**
     * Creates a peer with its own UDP socket on 127.0.0.1 (a free port) on one loop of {@code group}
     * (an epoll group gets an epoll channel, any other an NIO one).
     */
    public static CompletableFuture<JavaPeer> create(PeerConfig config, EventLoopGroup group,
            Executor dtlsExecutor) {
        return create(config, group, dtlsExecutor, new InetSocketAddress("127.0.0.1", 0));
    }

    public static CompletableFuture<JavaPeer> create(PeerConfig config, EventLoopGroup group, Executor dtlsExecutor,
            InetSocketAddress bindAddress) {
        PeerParts parts = new PeerParts(config, group.next(), dtlsExecutor);
        return PeerSocket.bind(parts.loop, parts.transport, bindAddress).thenApply(channel -> {
            parts.channel = channel;
            return new JavaPeer(parts);
        });
    }

    public PeerConfig config() {
        return parts.config;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) parts.channel.localAddress();
    }

    /** The SSRCs this peer publishes with: audio, video (either -1 when not published). */
    public long audioSsrc() {
        return parts.negotiation.audioTrack() == null ? -1 : parts.negotiation.audioTrack().ssrc();
    }

    public long videoSsrc() {
        return parts.negotiation.videoTrack() == null ? -1 : parts.negotiation.videoTrack().ssrc();
    }

    /** The SSRC of each video encoding, lowest first (one entry without simulcast; empty without video). */
    public List<Long> videoLayerSsrcs() {
        return parts.sender.videoLayerSsrcs();
    }

    /** Completes when DTLS finished and SRTP is keyed (media starts then); fails when DTLS failed. */
    public CompletableFuture<Void> mediaReady() {
        return parts.mediaReady;
    }

    /** A full offer for the current m-lines, and the subscriptions of its recvonly m-lines. */
    public CompletableFuture<LocalOffer> createOffer() {
        return onLoop(() -> parts.negotiation.createOffer(parts.transport.localIce(),
                parts.receiver.transportCc() != null));
    }

    /** Applies the SFU's answer: learns the SSRCs per mid and (first time) starts ICE, DTLS and media. */
    public CompletableFuture<Void> applyAnswer(String sdp) {
        return run(() -> parts.transport.connect(parts.negotiation.applyAnswer(sdp)));
    }

    /**
     * Gives the next offers an m=application line (call before the first offer, as a browser creates its data
     * channels first); once the answer accepted it and DTLS is up, the peer opens the {@code reliable} and
     * {@code lossy} channels ({@link #dataReady()}). Messages are cut into parts of at most {@code partLimit}
     * bytes (the JavaScript library uses 64 KiB; at most the SFU's a=max-message-size is used).
     */
    public CompletableFuture<Void> enableDataChannels(long partLimit) {
        return run(() -> {
            parts.negotiation.enableData();
            parts.dataPartLimit = partLimit;
        });
    }

    /** Completes when both data channels are open. */
    public CompletableFuture<Void> dataReady() {
        return parts.dataReady;
    }

    /**
     * Sends a data message to everyone else in the room ({@code to} empty) or to the named participants, on the
     * reliable or the lossy channel; completes with what the SCTP association did with it (QUEUED, or the first
     * refusal).
     */
    public CompletableFuture<SendResult> sendData(byte[] data, List<String> to, String topic, boolean reliable) {
        return onLoop(() -> parts.data == null ? SendResult.NOT_ESTABLISHED
                : parts.data.send(data, to, topic, reliable));
    }

    /** Stalls (or resumes) the data channels' receive side: SCTP packets from the SFU are dropped unread. */
    public CompletableFuture<Void> setDataStalled(boolean stalled) {
        return run(() -> {
            if (parts.data != null) {
                parts.data.stall(stalled);
            }
        });
    }

    /** The data messages received so far, oldest first (at most the last 10,000). */
    public CompletableFuture<List<DataMessage>> dataMessages() {
        return onLoop(() -> parts.data == null ? List.<DataMessage>of() : parts.data.received());
    }

    public CompletableFuture<DataStats> dataStats() {
        return onLoop(() -> parts.data == null ? new DataStats(0, 0, 0, 0, null) : parts.data.stats());
    }

    /** Adds a recvonly m-line for a remote track (put in the next offer); returns its mid. */
    public CompletableFuture<String> addReceiver(String kind, String trackId) {
        return onLoop(() -> parts.negotiation.addReceiver(kind, trackId));
    }

    /** Stops the recvonly m-line of a remote track (port 0 in the next offer). */
    public CompletableFuture<Void> removeReceiver(String trackId) {
        return run(() -> parts.negotiation.removeReceiver(trackId));
    }

    /**
     * Offers transport-cc on the m-lines this peer receives on (from the next offer) and sends feedback on
     * what arrives every 50 ms, as a browser does; REMB is then up to the caller.
     */
    public CompletableFuture<Void> enableTransportCc() {
        return run(parts::enableTransportCc);
    }

    /**
     * Puts a simulated rate-limited link ({@link DownlinkBottleneck}: drop-tail, 300 ms of queue) in front of
     * what this peer receives; 0 lifts it. Needs {@link #enableTransportCc()} first.
     */
    public CompletableFuture<Void> setDownlinkLimit(long bps) {
        return run(() -> parts.receiver.downlinkLimit(bps));
    }

    /** transport-cc on this peer's receive side: packets recorded, feedback sent, dropped by the limit. */
    public CompletableFuture<TransportCcStats> transportCcStats() {
        return onLoop(parts.receiver::transportCcStats);
    }

    /** See {@link #transportCcStats()}. */
    public record TransportCcStats(long packets, long feedbackSent, long droppedByLimit, long limitBps) {}

    /** Turns ICE checks on or off; off makes the SFU's consent for this peer expire. */
    public CompletableFuture<Void> setIceChecksEnabled(boolean enabled) {
        return run(() -> parts.transport.ice().setEnabled(enabled));
    }

    /**
     * Silences the peer's network: no ICE checks, media or RTCP leave it while on ({@link #sendRaw} still
     * does), as a peer whose connection vanished. Checks alone ({@link #setIceChecksEnabled}) are not
     * enough for that: the SFU takes authenticated media as consent too.
     */
    public CompletableFuture<Void> setSilent(boolean silent) {
        return run(() -> {
            parts.transport.ice().setEnabled(!silent);
            parts.transport.setSilent(silent);
        });
    }

    /** Sends a PLI (RFC 4585 §6.3.1) for an incoming stream's SSRC, as a browser whose decoder lost sync. */
    public CompletableFuture<Void> requestKeyframe(long mediaSsrc) {
        return run(() -> parts.rtcp.requestKeyframe(mediaSsrc));
    }

    /**
     * Sends a REMB (draft-alvestrand-rmcat-remb) with this peer's own SSRC as sender, naming every SSRC it
     * receives, as a browser's receive-side estimator reports its downlink.
     */
    public CompletableFuture<Void> sendRemb(long bitrateBps) {
        return run(() -> parts.rtcp.sendRemb(bitrateBps, parts.receiver.ssrcs()));
    }

    /**
     * Drops the packets of incoming stream {@code ssrc} with these (received, i.e. rewritten) sequence numbers
     * when they arrive, before SRTP and any accounting, as if the network lost them; copies (decrypted apart)
     * are kept ({@link #droppedPackets()}).
     */
    public CompletableFuture<Void> dropIncoming(long ssrc, Collection<Integer> sequenceNumbers) {
        return run(() -> parts.receiver.dropIncoming(ssrc, sequenceNumbers));
    }

    /**
     * Sends a generic NACK (RFC 4585 §6.2.1) for these sequence numbers of incoming stream {@code mediaSsrc}
     * (in a compound packet after an empty RR, as a browser does). A packet with one of them that arrives
     * afterwards is a retransmission: kept apart ({@link #retransmissions()}), not counted as received.
     */
    public CompletableFuture<Void> sendNack(long mediaSsrc, List<Integer> sequenceNumbers) {
        return run(() -> {
            parts.receiver.awaitRetransmission(mediaSsrc, sequenceNumbers);
            parts.rtcp.sendNack(mediaSsrc, sequenceNumbers);
        });
    }

    /**
     * Loses the video packets of own encoding {@code ssrc} that go out {@code offsets} after the next one (0: the
     * next), once each, as if the network dropped them on the way to the SFU; returns their sequence numbers.
     * Their resends on the SFU's NACKs go out (as RTX when the encoding has an RTX SSRC).
     */
    public CompletableFuture<List<Integer>> dropOutgoing(long ssrc, List<Integer> offsets) {
        return onLoop(() -> parts.sender.dropOutgoing(ssrc, offsets));
    }

    /** Whether the SFU's NACKs are answered from the send history (on by default). */
    public CompletableFuture<Void> setAnswerNacks(boolean answer) {
        return run(() -> parts.sender.answerNacks(answer));
    }

    /** Whether the next offers accept RTX on receiving video m-lines (on by default, as Chromium). */
    public CompletableFuture<Void> setReceiveRtx(boolean value) {
        return run(() -> parts.negotiation.receiveRtx(value));
    }

    /** The RTX SSRC the SFU's answer paired with the media SSRC of a receiving mid, or -1. */
    public CompletableFuture<Long> answeredRtxSsrc(String mid) {
        return onLoop(() -> parts.negotiation.answeredRtxSsrc(mid));
    }

    public CompletableFuture<LossRecoveryStats> lossRecovery() {
        return onLoop(() -> parts.sender.lossRecovery(parts.receiver.rtxReceived(),
                parts.receiver.rtxReceivedBySsrc()));
    }

    /** Copies of the packets dropped by {@link #dropIncoming}, in arrival order. */
    public CompletableFuture<List<CapturedPacket>> droppedPackets() {
        return onLoop(parts.receiver::dropped);
    }

    /** Copies of the packets that came back after {@link #sendNack}, in arrival order. */
    public CompletableFuture<List<CapturedPacket>> retransmissions() {
        return onLoop(parts.receiver::retransmissions);
    }

    /**
     * Stops or resumes one simulcast encoding (0 = lowest), as a browser drops its top layers under CPU or
     * bandwidth pressure; a resumed encoding starts with a keyframe.
     */
    public CompletableFuture<Void> setLayerActive(int layer, boolean active) {
        return run(() -> parts.sender.setLayerActive(layer, active));
    }

    /** Sends raw bytes to the SFU from this peer's own socket (for hostile-input tests). */
    public CompletableFuture<Void> sendRaw(byte[] datagram) {
        return run(() -> parts.transport.sendRaw(datagram.clone()));
    }

    /** What the RTCP reports between the peer and the SFU said (SRs received, RTT, blocks about our streams). */
    public CompletableFuture<PeerRtcpStats> rtcpStats() {
        return onLoop(parts.reports::snapshot);
    }

    /**
     * Shifts the NTP time of the SRs of our stream {@code ssrc} by {@code nanos}, as a publisher whose
     * encodings claim different capture times (the SFU must pass each encoding's mapping on).
     */
    public CompletableFuture<Void> skewSenderReports(long ssrc, long nanos) {
        return run(() -> parts.reports.skew(ssrc, nanos));
    }

    public CompletableFuture<PeerStats> stats() {
        return onLoop(parts::snapshot);
    }

    /** Installs the tap; call on the peer's loop. */
    void setReceiveTap(PeerReceiver.Tap tap) {
        parts.receiver.setTap(tap);
    }

    EventLoop loop() {
        return parts.loop;
    }

    /** RTP payload bytes the peer's senders produced so far (read racily; for statistics). */
    long payloadBytesSent() {
        return parts.sender.payloadBytes();
    }

    /** RTP packets the peer's audio or video senders produced so far (read racily). */
    long packetsSent(boolean ofVideo) {
        return parts.sender.packets(ofVideo);
    }

    private CompletableFuture<Void> run(Runnable work) {
        return LoopCalls.run(parts.loop, work);
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
        return LoopCalls.call(parts.loop, work);
    }

    /** Stops media, ICE and DTLS and closes the socket; waits at most 5 s. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<Void> done = run(parts::close);
        try {
            done.get(5, TimeUnit.SECONDS);
            if (parts.channel != null) {
                parts.channel.closeFuture().await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
