package dev.sfu.peer;

import dev.sfu.core.dtls.DtlsCertificate;
import dev.sfu.core.rtcp.PictureLossIndication;
import dev.sfu.core.rtcp.ReceiverEstimatedMaxBitrate;
import dev.sfu.core.rtcp.ReceiverReport;
import dev.sfu.core.rtcp.RtcpCompound;
import dev.sfu.core.rtcp.RtcpPacket;
import dev.sfu.core.rtcp.TransportLayerNack;
import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.RtxPacket;
import dev.sfu.core.sdp.SdpException;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
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
 */
public final class JavaPeer implements AutoCloseable {
    private static final long RTCP_INTERVAL_MILLIS = 1000;

    private final PeerConfig config;
    private final EventLoop loop;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final ClientTransport transport;
    private final PayloadStamp sendStamp = new PayloadStamp();
    private final PayloadStamp receiveStamp = new PayloadStamp();
    private final String cname = "java-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final String streamId = UUID.randomUUID().toString();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final List<MediaLine> lines = new ArrayList<>();
    private final LocalTrack audioTrack;
    private final LocalTrack videoTrack;
    private final AudioSender audio;
    private final VideoSenders video;
    private final FeedbackCounter feedback;
    private final RepairingSink repairing;
    /** RTX SSRC the SFU announced -> {media SSRC, media payload type} it repairs. */
    private final Map<Long, long[]> mediaByRtxSsrc = new HashMap<>();
    private final Map<Long, Long> rtxReceivedBySsrc = new LinkedHashMap<>();
    private long rtxReceived;
    private boolean receiveRtx = true;
    private final PeerReports reports;
    /** Where audio is written: counted for our SRs, then protected and sent by the transport. */
    private final RtpSink audioSink;
    /** Where video is written: counted for our SRs, then kept for NACKs (and maybe lost on purpose) by {@link #repairing}. */
    private final RtpSink videoSink;
    private final long rtcpSsrc;
    private final Map<Long, InboundStream> inbound = new LinkedHashMap<>();
    private final Map<Long, String> midBySsrc = new LinkedHashMap<>();
    private final Map<String, Long> ssrcByMid = new LinkedHashMap<>();
    private final CompletableFuture<Void> mediaReady = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private Channel channel;
    private int offerVersion = 1;
    private int nextMid;
    private SrtpProfile profile;
    private long plisSent;
    private long rembsSent;
    private long unknownSsrcPackets;
    /** Offers handed out whose answers are not applied yet: media may race ahead of the answer. */
    private int offersInFlight;
    private long earlyPackets;
    private boolean closed;
    /** Incoming SSRC -> sequence numbers to drop on arrival (simulated loss). */
    private final Map<Long, Set<Integer>> dropPlan = new HashMap<>();
    /** Incoming SSRC -> sequence numbers NACKed and not back yet. */
    private final Map<Long, Set<Integer>> awaitingRetransmission = new HashMap<>();
    private final List<CapturedPacket> dropped = new ArrayList<>();
    private final List<CapturedPacket> retransmissions = new ArrayList<>();
    private long nacksSent;
    /** The receiver side of transport-cc; null until {@link #enableTransportCc} (then offered on recvonly m-lines). */
    private TransportCcReceiver transportCc;

    private JavaPeer(PeerConfig config, EventLoop loop, Executor dtlsExecutor) {
        this.config = config;
        this.loop = loop;
        this.transport = new ClientTransport(config, certificate, dtlsExecutor, new ClientTransport.Listener() {
            @Override
            public void onMediaReady(SrtpProfile negotiated) {
                startMedia(negotiated);
            }

            @Override
            public void onRtp(ByteBuf packet) {
                receiveRtp(packet);
            }

            @Override
            public void onRtcp(ByteBuf packet) {
                feedback.onRtcp(packet);
                reports.onRtcp(packet, System.nanoTime(), inbound::get);
            }

            @Override
            public boolean lose(ByteBuf protectedRtp) {
                Set<Integer> drops = dropPlan.isEmpty() || RtpPacket.headerLength(protectedRtp) < 0 ? null
                        : dropPlan.get(RtpPacket.ssrc(protectedRtp));
                return drops != null && drops.remove(RtpPacket.sequenceNumber(protectedRtp));
            }

            @Override
            public void onLost(ByteBuf packet) {
                if (RtpPacket.headerLength(packet) >= 0 && RtpPacket.payloadLength(packet) >= 0) {
                    dropped.add(capture(packet));
                }
            }

            @Override
            public void onFailed(String reason) {
                mediaReady.completeExceptionally(new IllegalStateException(reason));
            }
        });
        ThreadLocalRandom random = ThreadLocalRandom.current();
        audioTrack = config.publishAudio() ? new LocalTrack(newMid(), "audio", random.nextLong(1, 1L << 32), -1,
                LocalTrack.OPUS_PT, streamId, UUID.randomUUID().toString()) : null;
        videoTrack = config.publishVideo() ? videoTrack(random) : null;
        if (audioTrack != null) {
            lines.add(audioTrack);
        }
        if (videoTrack != null) {
            lines.add(videoTrack);
        }
        audio = audioTrack == null ? null : new AudioSender(audioTrack, sendStamp, config.senderId());
        video = videoTrack == null ? null : new VideoSenders(videoTrack, sendStamp, config);
        rtcpSsrc = audioTrack != null ? audioTrack.ssrc() : videoTrack != null ? videoTrack.ssrc() : 1;
        repairing = new RepairingSink(transport);
        if (videoTrack != null && !videoTrack.simulcast() && videoTrack.rtxSsrc() >= 0) {
            repairing.useRtx(videoTrack.ssrc(), videoTrack.rtxSsrc(), LocalTrack.VP8_RTX_PT);
        }
        feedback = new FeedbackCounter(ssrc -> video != null && video.requestKeyframe(ssrc), repairing::onNack);
        reports = ownStreamReports();
        audioSink = countedFor(reports, transport);
        videoSink = countedFor(reports, repairing);
    }

    /** A sink that counts each packet for our SRs (what the publisher sent, whatever the network does), then passes it on. */
    private static RtpSink countedFor(PeerReports reports, RtpSink next) {
        return new RtpSink() {
            @Override
            public io.netty.buffer.ByteBufAllocator alloc() {
                return next.alloc();
            }

            @Override
            public void sendRtp(ByteBuf packet) {
                reports.onSent(packet);
                next.sendRtp(packet);
            }

            @Override
            public void flush() {
                next.flush();
            }
        };
    }

    private PeerReports ownStreamReports() {
        List<Long> ssrcs = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        if (audioTrack != null) {
            ssrcs.add(audioTrack.ssrc());
            rates.add(48_000);
        }
        if (videoTrack != null) {
            if (videoTrack.simulcast()) {
                for (SendEncoding encoding : videoTrack.encodings()) {
                    ssrcs.add(encoding.ssrc());
                    rates.add(90_000);
                }
            } else {
                ssrcs.add(videoTrack.ssrc());
                rates.add(90_000);
            }
        }
        return new PeerReports(ssrcs.stream().mapToLong(Long::longValue).toArray(),
                rates.stream().mapToInt(Integer::intValue).toArray());
    }

    private LocalTrack videoTrack(ThreadLocalRandom random) {
        String trackId = UUID.randomUUID().toString();
        if (config.simulcastLayers() > 0) {
            List<SendEncoding> encodings = SendEncoding.simulcast(config.simulcastLayers());
            return new LocalTrack(newMid(), "video", encodings.get(0).ssrc(), -1, LocalTrack.VP8_PT, streamId, trackId,
                    encodings);
        }
        return new LocalTrack(newMid(), "video", random.nextLong(1, 1L << 32), random.nextLong(1, 1L << 32),
                LocalTrack.VP8_PT, streamId, trackId);
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
        EventLoop loop = group.next();
        JavaPeer peer = new JavaPeer(config, loop, dtlsExecutor);
        boolean epoll = loop instanceof IoEventLoop io && io.isCompatible(EpollIoHandle.class);
        CompletableFuture<JavaPeer> result = new CompletableFuture<>();
        new Bootstrap().group(loop)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 1024 * 1024)
                .handler(peer.transport)
                .bind(bindAddress)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    peer.channel = ((io.netty.channel.ChannelFuture) f).channel();
                    peer.transport.attach(peer.channel);
                    result.complete(peer);
                });
        return result;
    }

    public PeerConfig config() {
        return config;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The SSRCs this peer publishes with: audio, video (either -1 when not published). */
    public long audioSsrc() {
        return audioTrack == null ? -1 : audioTrack.ssrc();
    }

    public long videoSsrc() {
        return videoTrack == null ? -1 : videoTrack.ssrc();
    }

    /** The SSRC of each video encoding, lowest first (one entry without simulcast; empty without video). */
    public List<Long> videoLayerSsrcs() {
        return video == null ? List.of() : video.ssrcs();
    }

    /** Completes when DTLS finished and SRTP is keyed (media starts then); fails when DTLS failed. */
    public CompletableFuture<Void> mediaReady() {
        return mediaReady;
    }

    /** A full offer for the current m-lines, and the subscriptions of its recvonly m-lines. */
    public CompletableFuture<LocalOffer> createOffer() {
        return onLoop(() -> {
            OfferWriter.Session session = new OfferWriter.Session(sessionId, offerVersion++, transport.localIce(),
                    certificate.fingerprintAlgorithm(), certificate.fingerprint(), cname, streamId, receiveRtx,
                    transportCc != null);
            Map<String, String> subscriptions = new LinkedHashMap<>();
            for (MediaLine line : lines) {
                if (line instanceof ReceiveSlot slot && !slot.stopped()) {
                    subscriptions.put(slot.mid(), slot.trackId());
                }
            }
            offersInFlight++;
            return new LocalOffer(OfferWriter.write(session, lines), subscriptions);
        });
    }

    /** Applies the SFU's answer: learns the SSRCs per mid and (first time) starts ICE, DTLS and media. */
    public CompletableFuture<Void> applyAnswer(String sdp) {
        return onLoop(() -> {
            RemoteAnswer answer;
            try {
                answer = RemoteAnswer.parse(sdp);
            } catch (SdpException e) {
                throw new IllegalArgumentException("bad answer: " + e.getMessage(), e);
            }
            offersInFlight = Math.max(0, offersInFlight - 1);
            ssrcByMid.clear();
            midBySsrc.clear();
            mediaByRtxSsrc.clear();
            for (RemoteAnswer.Section section : answer.sections().values()) {
                if (!section.rejected() && section.ssrc() >= 0 && "sendonly".equals(section.direction())) {
                    ssrcByMid.put(section.mid(), section.ssrc());
                    midBySsrc.put(section.ssrc(), section.mid());
                    if (section.rtxSsrc() >= 0) {
                        mediaByRtxSsrc.put(section.rtxSsrc(), new long[] {section.ssrc(), section.payloadType()});
                    }
                }
            }
            transport.connect(answer);
            return null;
        });
    }

    /** Adds a recvonly m-line for a remote track (put in the next offer); returns its mid. */
    public CompletableFuture<String> addReceiver(String kind, String trackId) {
        return onLoop(() -> {
            if (!"audio".equals(kind) && !"video".equals(kind)) {
                throw new IllegalArgumentException("kind must be audio or video: " + kind);
            }
            ReceiveSlot slot = new ReceiveSlot(newMid(), kind, trackId, false);
            lines.add(slot);
            return slot.mid();
        });
    }

    /** Stops the recvonly m-line of a remote track (port 0 in the next offer). */
    public CompletableFuture<Void> removeReceiver(String trackId) {
        return onLoop(() -> {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i) instanceof ReceiveSlot slot && !slot.stopped() && slot.trackId().equals(trackId)) {
                    lines.set(i, slot.stop());
                }
            }
            return null;
        });
    }

    /**
     * Offers transport-cc on the m-lines this peer receives on (from the next offer) and sends feedback on
     * what arrives every 50 ms, as a browser does; REMB is then up to the caller.
     */
    public CompletableFuture<Void> enableTransportCc() {
        return onLoop(() -> {
            if (transportCc == null) {
                transportCc = new TransportCcReceiver(rtcpSsrc);
                timers.add(loop.scheduleAtFixedRate(this::sendTransportFeedback, TransportCcReceiver.FEEDBACK_INTERVAL_MILLIS,
                        TransportCcReceiver.FEEDBACK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
            }
            return null;
        });
    }

    /**
     * Puts a simulated rate-limited link ({@link DownlinkBottleneck}: drop-tail, 300 ms of queue) in front of
     * what this peer receives; 0 lifts it. Needs {@link #enableTransportCc()} first.
     */
    public CompletableFuture<Void> setDownlinkLimit(long bps) {
        return onLoop(() -> {
            if (transportCc == null) {
                throw new IllegalStateException("enableTransportCc() first");
            }
            transportCc.downlinkLimit(bps);
            return null;
        });
    }

    /** transport-cc on this peer's receive side: packets recorded, feedback sent, dropped by the limit. */
    public CompletableFuture<TransportCcStats> transportCcStats() {
        return onLoop(() -> {
            if (transportCc == null) {
                return new TransportCcStats(0, 0, 0, 0);
            }
            TransportCcReceiver.Stats s = transportCc.stats();
            return new TransportCcStats(s.packets(), s.feedbackSent(), s.droppedByLimit(), s.limitBps());
        });
    }

    /** See {@link #transportCcStats()}. */
    public record TransportCcStats(long packets, long feedbackSent, long droppedByLimit, long limitBps) {}

    private void sendTransportFeedback() {
        if (transportCc != null && transport.mediaReady()) {
            List<TransportWideFeedback> out = transportCc.drain();
            if (!out.isEmpty()) {
                sendRtcp(new ArrayList<>(out));
            }
        }
    }

    /** Turns ICE checks on or off; off makes the SFU's consent for this peer expire. */
    public CompletableFuture<Void> setIceChecksEnabled(boolean enabled) {
        return onLoop(() -> {
            transport.ice().setEnabled(enabled);
            return null;
        });
    }

    /**
     * Silences the peer's network: no ICE checks, media or RTCP leave it while on ({@link #sendRaw} still
     * does), as a peer whose connection vanished. Checks alone ({@link #setIceChecksEnabled}) are not
     * enough for that: the SFU takes authenticated media as consent too.
     */
    public CompletableFuture<Void> setSilent(boolean silent) {
        return onLoop(() -> {
            transport.ice().setEnabled(!silent);
            transport.setSilent(silent);
            return null;
        });
    }

    /** Sends a PLI (RFC 4585 §6.3.1) for an incoming stream's SSRC, as a browser whose decoder lost sync. */
    public CompletableFuture<Void> requestKeyframe(long mediaSsrc) {
        return onLoop(() -> {
            sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()), new PictureLossIndication(rtcpSsrc,
                    mediaSsrc)));
            plisSent++;
            return null;
        });
    }

    /**
     * Sends a REMB (draft-alvestrand-rmcat-remb) with this peer's own SSRC as sender, naming every SSRC it
     * receives, as a browser's receive-side estimator reports its downlink.
     */
    public CompletableFuture<Void> sendRemb(long bitrateBps) {
        return onLoop(() -> {
            sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                    new ReceiverEstimatedMaxBitrate(rtcpSsrc, bitrateBps, new ArrayList<>(inbound.keySet()))));
            rembsSent++;
            return null;
        });
    }

    /**
     * Drops the packets of incoming stream {@code ssrc} with these (received, i.e. rewritten) sequence numbers
     * when they arrive, before SRTP and any accounting, as if the network lost them; copies (decrypted apart)
     * are kept ({@link #droppedPackets()}).
     */
    public CompletableFuture<Void> dropIncoming(long ssrc, Collection<Integer> sequenceNumbers) {
        return onLoop(() -> {
            dropPlan.computeIfAbsent(ssrc, s -> new HashSet<>()).addAll(sequenceNumbers);
            return null;
        });
    }

    /**
     * Sends a generic NACK (RFC 4585 §6.2.1) for these sequence numbers of incoming stream {@code mediaSsrc}
     * (in a compound packet after an empty RR, as a browser does). A packet with one of them that arrives
     * afterwards is a retransmission: kept apart ({@link #retransmissions()}), not counted as received.
     */
    public CompletableFuture<Void> sendNack(long mediaSsrc, List<Integer> sequenceNumbers) {
        return onLoop(() -> {
            awaitingRetransmission.computeIfAbsent(mediaSsrc, s -> new HashSet<>()).addAll(sequenceNumbers);
            sendRtcp(List.of(new ReceiverReport(rtcpSsrc, List.of()),
                    new TransportLayerNack(rtcpSsrc, mediaSsrc, sequenceNumbers)));
            nacksSent++;
            return null;
        });
    }

    /**
     * Loses the video packets of own encoding {@code ssrc} that go out {@code offsets} after the next one (0: the
     * next), once each, as if the network dropped them on the way to the SFU; returns their sequence numbers.
     * Their resends on the SFU's NACKs go out (as RTX when the encoding has an RTX SSRC).
     */
    public CompletableFuture<List<Integer>> dropOutgoing(long ssrc, List<Integer> offsets) {
        return onLoop(() -> {
            int next = video == null ? -1 : video.nextSequence(ssrc);
            if (next < 0) {
                throw new IllegalArgumentException("no video encoding with SSRC " + ssrc);
            }
            List<Integer> seqs = offsets.stream().map(o -> (next + o) & 0xFFFF).toList();
            repairing.dropOutgoing(ssrc, seqs);
            return seqs;
        });
    }

    /** Whether the SFU's NACKs are answered from the send history (on by default). */
    public CompletableFuture<Void> setAnswerNacks(boolean answer) {
        return onLoop(() -> {
            repairing.answerNacks(answer);
            return null;
        });
    }

    /** Whether the next offers accept RTX on receiving video m-lines (on by default, as Chromium). */
    public CompletableFuture<Void> setReceiveRtx(boolean value) {
        return onLoop(() -> {
            receiveRtx = value;
            return null;
        });
    }

    /** The RTX SSRC the SFU's answer paired with the media SSRC of a receiving mid, or -1. */
    public CompletableFuture<Long> answeredRtxSsrc(String mid) {
        return onLoop(() -> {
            Long media = ssrcByMid.get(mid);
            for (Map.Entry<Long, long[]> e : mediaByRtxSsrc.entrySet()) {
                if (media != null && e.getValue()[0] == media) {
                    return e.getKey();
                }
            }
            return -1L;
        });
    }

    public CompletableFuture<LossRecoveryStats> lossRecovery() {
        return onLoop(() -> repairing.snapshot(rtxReceived, rtxReceivedBySsrc));
    }

    /** Copies of the packets dropped by {@link #dropIncoming}, in arrival order. */
    public CompletableFuture<List<CapturedPacket>> droppedPackets() {
        return onLoop(() -> List.copyOf(dropped));
    }

    /** Copies of the packets that came back after {@link #sendNack}, in arrival order. */
    public CompletableFuture<List<CapturedPacket>> retransmissions() {
        return onLoop(() -> List.copyOf(retransmissions));
    }

    /**
     * Stops or resumes one simulcast encoding (0 = lowest), as a browser drops its top layers under CPU or
     * bandwidth pressure; a resumed encoding starts with a keyframe.
     */
    public CompletableFuture<Void> setLayerActive(int layer, boolean active) {
        return onLoop(() -> {
            if (video == null) {
                throw new IllegalStateException("no video published");
            }
            video.setActive(layer, active);
            return null;
        });
    }

    /** Sends raw bytes to the SFU from this peer's own socket (for hostile-input tests). */
    public CompletableFuture<Void> sendRaw(byte[] datagram) {
        return onLoop(() -> {
            transport.sendRaw(datagram.clone());
            return null;
        });
    }

    /** What the RTCP reports between the peer and the SFU said (SRs received, RTT, blocks about our streams). */
    public CompletableFuture<PeerRtcpStats> rtcpStats() {
        return onLoop(reports::snapshot);
    }

    /**
     * Shifts the NTP time of the SRs of our stream {@code ssrc} by {@code nanos}, as a publisher whose
     * encodings claim different capture times (the SFU must pass each encoding's mapping on).
     */
    public CompletableFuture<Void> skewSenderReports(long ssrc, long nanos) {
        return onLoop(() -> {
            reports.skew(ssrc, nanos);
            return null;
        });
    }

    public CompletableFuture<PeerStats> stats() {
        return onLoop(this::snapshot);
    }

    // ---- on the loop ----

    private String newMid() {
        return String.valueOf(nextMid++);
    }

    private void startMedia(SrtpProfile negotiated) {
        if (closed) {
            return;
        }
        profile = negotiated;
        if (audio != null) {
            timers.add(loop.scheduleAtFixedRate(() -> {
                audio.tick(audioSink);
                transport.flush();
            }, 0, AudioSender.PACKET_NANOS, TimeUnit.NANOSECONDS));
        }
        if (video != null && config.pacedVideo()) {
            VideoPacer pacer = new VideoPacer(video);
            timers.add(loop.scheduleAtFixedRate(() -> pacer.onInterval(videoSink), 0, VideoPacer.INTERVAL_NANOS,
                    TimeUnit.NANOSECONDS));
            timers.add(loop.scheduleAtFixedRate(() -> pacer.onFrame(videoSink), 0,
                    1_000_000_000L / config.videoFrameRate(), TimeUnit.NANOSECONDS));
        } else if (video != null) {
            timers.add(loop.scheduleAtFixedRate(() -> video.tick(videoSink), 0,
                    1_000_000_000L / config.videoFrameRate(), TimeUnit.NANOSECONDS));
        }
        timers.add(loop.scheduleAtFixedRate(this::sendReceiverReport, RTCP_INTERVAL_MILLIS, RTCP_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS));
        mediaReady.complete(null);
    }

    /** Sees each decrypted RTP packet before the peer's own accounting; on the peer's loop ({@link PeerTap}). */
    interface ReceiveTap {
        void onRtp(ByteBuf packet, long nowNanos);
    }

    private ReceiveTap receiveTap;

    /** Installs the tap; call on the peer's loop. */
    void setReceiveTap(ReceiveTap tap) {
        this.receiveTap = tap;
    }

    EventLoop loop() {
        return loop;
    }

    /** RTP payload bytes the peer's senders produced so far (read racily; for statistics). */
    long payloadBytesSent() {
        return (audio == null ? 0 : audio.bytes()) + (video == null ? 0 : video.bytes());
    }

    /** RTP packets the peer's audio or video senders produced so far (read racily). */
    long packetsSent(boolean ofVideo) {
        if (ofVideo) {
            return video == null ? 0 : video.packets();
        }
        return audio == null ? 0 : audio.packets();
    }

    private void receiveRtp(ByteBuf packet) {
        if (receiveTap != null) {
            receiveTap.onRtp(packet, System.nanoTime());
        }
        dispatchRtp(packet);
    }

    private void dispatchRtp(ByteBuf packet) {
        if (RtpPacket.headerLength(packet) < 0 || RtpPacket.payloadLength(packet) < 0) {
            unknownSsrcPackets++;
            return;
        }
        if (transportCc != null && !transportCc.onRtp(packet, System.nanoTime())) {
            return; // the simulated downlink dropped it
        }
        long ssrc = RtpPacket.ssrc(packet);
        long[] repaired = mediaByRtxSsrc.isEmpty() ? null : mediaByRtxSsrc.get(ssrc);
        if (repaired != null) {
            receiveRtx(packet, ssrc, repaired[0], (int) repaired[1]);
            return;
        }
        if (!awaitingRetransmission.isEmpty()) {
            Set<Integer> awaited = awaitingRetransmission.get(ssrc);
            if (awaited != null && awaited.remove(RtpPacket.sequenceNumber(packet))) {
                retransmissions.add(capture(packet));
                return;
            }
        }
        InboundStream stream = inbound.get(ssrc);
        if (stream == null) {
            String mid = midBySsrc.get(ssrc);
            if (mid == null) {
                // As a browser before setRemoteDescription: the server may send on a new subscription before
                // its answer is applied here. Only a packet no answer explains is a server fault.
                if (offersInFlight > 0) {
                    earlyPackets++;
                } else {
                    unknownSsrcPackets++;
                }
                return;
            }
            stream = new InboundStream(ssrc, mid, RtpPacket.payloadType(packet), receiveStamp);
            inbound.put(ssrc, stream);
            reports.track(stream);
        }
        stream.onPacket(packet, System.nanoTime());
    }

    /** An RTX packet (RFC 4588) from the SFU: unwrapped, the original goes the way of any packet. */
    private void receiveRtx(ByteBuf rtx, long rtxSsrc, long mediaSsrc, int mediaPayloadType) {
        rtxReceived++;
        rtxReceivedBySsrc.merge(rtxSsrc, 1L, Long::sum);
        ByteBuf original = transport.alloc().heapBuffer(rtx.readableBytes());
        try {
            if (RtxPacket.unwrap(rtx, original, mediaPayloadType, mediaSsrc) < 0) {
                unknownSsrcPackets++;
                return;
            }
            dispatchRtp(original);
        } finally {
            original.release();
        }
    }

    private CapturedPacket capture(ByteBuf packet) {
        int payloadType = RtpPacket.payloadType(packet);
        byte[] payload = new byte[RtpPacket.payloadLength(packet)];
        packet.getBytes(RtpPacket.payloadOffset(packet), payload);
        boolean video = payloadType == LocalTrack.VP8_PT || payloadType == LocalTrack.H264_PT;
        return new CapturedPacket(RtpPacket.ssrc(packet), RtpPacket.sequenceNumber(packet), RtpPacket.timestamp(packet),
                payloadType, RtpPacket.marker(packet), payload, InboundStream.stampIntact(receiveStamp, packet, video),
                System.nanoTime());
    }

    /**
     * SRs for what the peer sends and report blocks (with LSR/DLSR) for what it receives, with its CNAME
     * (RFC 3550 §6.4), as a browser sends them every second ({@link PeerReports}).
     */
    private void sendReceiverReport() {
        sendRtcp(reports.reports(System.nanoTime(), rtcpSsrc, cname));
    }

    private void sendRtcp(List<RtcpPacket> packets) {
        if (!transport.mediaReady()) {
            return;
        }
        transport.sendRtcp(RtcpCompound.encode(transport.alloc(), packets));
    }

    private PeerStats snapshot() {
        List<InboundStreamStats> streams = new ArrayList<>();
        for (InboundStream stream : inbound.values()) {
            streams.add(stream.snapshot());
        }
        ClientTransport.TransportCounters counters = transport.counters();
        IceController ice = transport.ice();
        return new PeerStats(config.name(), config.senderId(), channel.localAddress().toString(),
                ice != null && ice.connected(), transport.mediaReady(), profile == null ? null : profile.name(),
                transport.failure(), ice == null ? 0 : ice.checksSent(), ice == null ? 0 : ice.successes(),
                ice == null ? 0 : ice.errorResponses(), audio == null ? 0 : audio.packets(),
                video == null ? 0 : video.packets(), video == null ? 0 : video.frames(),
                video == null ? 0 : video.keyframes(), feedback.plis(), feedback.firs(), plisSent,
                feedback.receiverReports(), feedback.rembs(), feedback.lastRembBps(), feedback.malformed(),
                counters.foreignDatagrams(), counters.srtpInboundFailures(), unknownSsrcPackets, ssrcByMid, streams,
                feedback.plisBySsrc(), feedback.firsBySsrc(), rembsSent);
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RuntimeException rejected) {
                result.completeExceptionally(rejected);
            }
        }
        return result;
    }

    /** Stops media, ICE and DTLS and closes the socket; waits at most 5 s. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<Void> done = onLoop(() -> {
            if (!closed) {
                closed = true;
                for (ScheduledFuture<?> timer : timers) {
                    timer.cancel(false);
                }
                timers.clear();
                repairing.close();
                transport.close();
                if (channel != null) {
                    channel.close();
                }
                mediaReady.completeExceptionally(new IllegalStateException("closed"));
            }
            return null;
        });
        try {
            done.get(5, TimeUnit.SECONDS);
            if (channel != null) {
                channel.closeFuture().await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
