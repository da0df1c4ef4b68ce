package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The send side of a peer: its audio and video senders, the send history that answers the SFU's NACKs, what the
 * SFU's feedback asks of them (PLI and FIR: a keyframe of that encoding; NACK: a resend), and the timers that
 * produce media once SRTP is keyed.
 *
 * <pre>
 *   AudioSender (every 20 ms)                        ─▶ counted for our SRs ─▶ transport
 *   VideoSenders (per frame, or spread by VideoPacer) ─▶ counted for our SRs ─▶ RepairingSink (history, planned
 *                                                                               losses, resends) ─▶ transport
 *   the SFU's RTCP ─▶ FeedbackCounter ─▶ VideoSenders.requestKeyframe / RepairingSink.onNack
 * </pre>
 *
 * <p>Threading: confined to the peer's event loop.
 */
final class PeerSender {
    private final PeerConfig config;
    private final RtpSink transport;
    private final PayloadStamp stamp = new PayloadStamp();
    private final AudioSender audio;
    private final VideoSenders video;
    private final RepairingSink repairing;
    private final FeedbackCounter feedback;
    /** Where audio is written: counted for our SRs, then protected and sent by the transport. */
    private final RtpSink audioSink;
    /** Where video goes: counted for our SRs, then kept for NACKs (maybe lost on purpose) by {@link #repairing}. */
    private final RtpSink videoSink;

    /** @param audioTrack and @param videoTrack the published tracks (either may be null) */
    PeerSender(PeerConfig config, LocalTrack audioTrack, LocalTrack videoTrack, RtpSink transport,
            PeerReports reports) {
        this.config = config;
        this.transport = transport;
        audio = audioTrack == null ? null : new AudioSender(audioTrack, stamp, config.senderId());
        video = videoTrack == null ? null : new VideoSenders(videoTrack, stamp, config);
        repairing = new RepairingSink(transport);
        if (videoTrack != null && !videoTrack.simulcast() && videoTrack.rtxSsrc() >= 0) {
            repairing.useRtx(videoTrack.ssrc(), videoTrack.rtxSsrc(), LocalTrack.VP8_RTX_PT);
        }
        feedback = new FeedbackCounter(ssrc -> video != null && video.requestKeyframe(ssrc), repairing::onNack);
        audioSink = countedFor(reports, transport);
        videoSink = countedFor(reports, repairing);
    }

    /** Counts each packet for our SRs (what the publisher sent, whatever the network does), then passes it on. */
    private static RtpSink countedFor(PeerReports reports, RtpSink next) {
        return new RtpSink() {
            @Override
            public ByteBufAllocator alloc() {
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

    /** Starts producing media on {@code loop}; the timers are added to {@code timers} for the peer to cancel. */
    void start(EventLoop loop, List<ScheduledFuture<?>> timers) {
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
    }

    /** An SRTCP packet from the SFU, decrypted: PLI, FIR and NACK act on the senders; everything is counted. */
    void onRtcp(ByteBuf packet) {
        feedback.onRtcp(packet);
    }

    FeedbackCounter feedback() {
        return feedback;
    }

    /** The SSRC of each video encoding, lowest first (empty without video). */
    List<Long> videoLayerSsrcs() {
        return video == null ? List.of() : video.ssrcs();
    }

    /**
     * Plans the loss of the video packets of encoding {@code ssrc} that go out {@code offsets} after the next one;
     * returns their sequence numbers.
     */
    List<Integer> dropOutgoing(long ssrc, List<Integer> offsets) {
        int next = video == null ? -1 : video.nextSequence(ssrc);
        if (next < 0) {
            throw new IllegalArgumentException("no video encoding with SSRC " + ssrc);
        }
        List<Integer> seqs = offsets.stream().map(o -> (next + o) & 0xFFFF).toList();
        repairing.dropOutgoing(ssrc, seqs);
        return seqs;
    }

    void answerNacks(boolean answer) {
        repairing.answerNacks(answer);
    }

    /** Stops or resumes one simulcast encoding (0 = lowest); a resumed encoding starts with a keyframe. */
    void setLayerActive(int layer, boolean active) {
        if (video == null) {
            throw new IllegalStateException("no video published");
        }
        video.setActive(layer, active);
    }

    /** What was resent, with what the receive side counted of the SFU's RTX. */
    LossRecoveryStats lossRecovery(long rtxReceived, Map<Long, Long> rtxReceivedBySsrc) {
        return repairing.snapshot(rtxReceived, rtxReceivedBySsrc);
    }

    /** RTP payload bytes the senders produced so far (read racily; for statistics). */
    long payloadBytes() {
        return (audio == null ? 0 : audio.bytes()) + (video == null ? 0 : video.bytes());
    }

    /** RTP packets the audio or video senders produced so far (read racily). */
    long packets(boolean ofVideo) {
        if (ofVideo) {
            return video == null ? 0 : video.packets();
        }
        return audio == null ? 0 : audio.packets();
    }

    long videoFrames() {
        return video == null ? 0 : video.frames();
    }

    long videoKeyframes() {
        return video == null ? 0 : video.keyframes();
    }

    /** Drops the send history. */
    void close() {
        repairing.close();
    }
}
