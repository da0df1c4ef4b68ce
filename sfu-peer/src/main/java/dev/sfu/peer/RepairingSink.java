package dev.sfu.peer;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtx.RtxPacketizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The publisher's side of loss recovery, between the video senders and the transport, as a browser's packet
 * history and RTX sender: every video packet is kept (a pooled copy, the last {@value #HISTORY} per SSRC), chosen packets are
 * lost on the way out as if the network dropped them ({@link #dropOutgoing}), and the SFU's NACKs are answered
 * from the history: as RTX (RFC 4588, OSN in front of the payload) for an encoding with an RTX SSRC
 * (a=ssrc-group:FID), plainly (same SSRC and sequence number) for one without (the simulcast encodings).
 *
 * <pre>
 *   VideoSender ──sendRtp──▶ history copy ─▶ drop plan? ─▶ ClientTransport (SRTP, socket)
 *   NACK from the SFU ──onNack(ssrc, seqs)──▶ history ─▶ RtxPacketizer or plain copy ─▶ ClientTransport
 * </pre>
 *
 * <p>Confined to the peer's event loop. Buffers: a copy per packet sent, from the channel's pooled allocator,
 * released when its slot is reused or on {@link #close()}.
 */
final class RepairingSink implements RtpSink {
    static final int HISTORY = 256;

    private final RtpSink transport;
    /** Per SSRC: the copies by sequence number mod {@value #HISTORY}, and the sequence number each holds. */
    private final Map<Long, ByteBuf[]> copiesBySsrc = new HashMap<>();
    private final Map<Long, int[]> seqsBySsrc = new HashMap<>();
    private final Map<Long, RtxPacketizer> rtxByMediaSsrc = new HashMap<>();
    private final Map<Long, Set<Integer>> dropPlan = new HashMap<>();
    private final Map<Integer, Integer> timesNacked = new HashMap<>();
    private boolean answerNacks = true;
    private boolean closed;
    private long droppedOutgoing;
    private long nackedSequenceNumbers;
    private long resent;
    private long resentAsRtx;
    private long notInHistory;

    RepairingSink(RtpSink transport) {
        this.transport = transport;
    }

    /** Resends the packets of {@code mediaSsrc} as RTX packets of {@code rtxSsrc} with payload type {@code rtxPt}. */
    void useRtx(long mediaSsrc, long rtxSsrc, int rtxPayloadType) {
        rtxByMediaSsrc.put(mediaSsrc, new RtxPacketizer(rtxSsrc, rtxPayloadType, 0));
    }

    /** Loses these outgoing packets of {@code ssrc} once each (their resends go out). */
    void dropOutgoing(long ssrc, Collection<Integer> sequenceNumbers) {
        dropPlan.computeIfAbsent(ssrc, s -> new HashSet<>()).addAll(sequenceNumbers);
    }

    /** Whether NACKs are answered (off: every loss stays lost, as with a publisher whose history ran out). */
    void answerNacks(boolean value) {
        answerNacks = value;
    }

    @Override
    public ByteBufAllocator alloc() {
        return transport.alloc();
    }

    @Override
    public void flush() {
        transport.flush();
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        long ssrc = RtpPacket.ssrc(packet);
        int seq = RtpPacket.sequenceNumber(packet);
        if (closed) {
            transport.sendRtp(packet);
            return;
        }
        ByteBuf[] copies = copiesBySsrc.computeIfAbsent(ssrc, s -> new ByteBuf[HISTORY]);
        int[] seqs = seqsBySsrc.computeIfAbsent(ssrc, s -> new int[HISTORY]);
        int slot = seq & (HISTORY - 1);
        if (copies[slot] != null) {
            copies[slot].release();
        }
        ByteBuf copy = alloc().directBuffer(packet.readableBytes());
        copy.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
        copies[slot] = copy;
        seqs[slot] = seq;
        Set<Integer> drops = dropPlan.isEmpty() ? null : dropPlan.get(ssrc);
        if (drops != null && drops.remove(seq)) {
            droppedOutgoing++;
            packet.release();
            return;
        }
        transport.sendRtp(packet);
    }

    /** A generic NACK from the SFU for one of our SSRCs. */
    void onNack(long mediaSsrc, List<Integer> sequenceNumbers) {
        for (int seq : sequenceNumbers) {
            nackedSequenceNumbers++;
            timesNacked.merge(seq, 1, Integer::sum);
            if (!answerNacks) {
                continue;
            }
            ByteBuf[] copies = copiesBySsrc.get(mediaSsrc);
            int slot = seq & (HISTORY - 1);
            if (copies == null || copies[slot] == null || seqsBySsrc.get(mediaSsrc)[slot] != seq) {
                notInHistory++;
                continue;
            }
            ByteBuf original = copies[slot];
            RtxPacketizer rtx = rtxByMediaSsrc.get(mediaSsrc);
            ByteBuf out;
            if (rtx != null) {
                // The RTX packet carries no header extensions: the SFU knows its SSRC from the FID group.
                out = rtx.packetize(original, seq, RtpPacket.timestamp(original), alloc(), SRTP_TAILROOM);
                resentAsRtx++;
            } else {
                out = alloc().directBuffer(original.readableBytes() + SRTP_TAILROOM);
                out.writeBytes(original, original.readerIndex(), original.readableBytes());
            }
            resent++;
            transport.sendRtp(out);
        }
        transport.flush();
    }

    /** Releases the history. */
    void close() {
        closed = true;
        for (ByteBuf[] copies : copiesBySsrc.values()) {
            for (int i = 0; i < copies.length; i++) {
                if (copies[i] != null) {
                    copies[i].release();
                    copies[i] = null;
                }
            }
        }
        copiesBySsrc.clear();
        seqsBySsrc.clear();
    }

    /** The counters so far, copied. */
    LossRecoveryStats snapshot(long rtxReceived, Map<Long, Long> rtxReceivedBySsrc) {
        return new LossRecoveryStats(droppedOutgoing, nackedSequenceNumbers, resent, resentAsRtx, notInHistory,
                Map.copyOf(timesNacked), rtxReceived, Map.copyOf(rtxReceivedBySsrc));
    }
}
