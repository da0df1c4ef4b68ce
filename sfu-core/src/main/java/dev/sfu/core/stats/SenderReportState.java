package dev.sfu.core.stats;

import dev.sfu.core.rtcp.ReceptionReport;
import dev.sfu.core.rtcp.SenderReport;
import dev.sfu.core.time.MonotonicClock;
import java.time.Clock;
import java.util.List;

/**
 * What the sender report of one outgoing stream says (RFC 3550 §6.4.1), and the round-trip time the
 * receiver's report blocks about it give.
 *
 * <pre>
 *   onPacketSent(rtpTimestamp, payloadBytes)   per packet sent (after rewriting)   allocation-free
 *   senderReport(blocks)                        per SR:
 *     NTP  = {@link NtpClock} now (the wall clock read once, then advanced by the monotonic clock,
 *            so it never jumps)
 *     RTP  = timestamp of the last packet + (now - when it was sent) x clock rate, or one the
 *            caller passes (a forwarded stream: its publisher's clock, {@link SenderClock})
 *     packet count, octet count (payload octets: no header, no padding)
 *   onReceptionReport(block, arrival)           a report block about this SSRC:
 *     RTT = A - LSR - DLSR   in 1/65536 s, A = our NTP time at arrival (middle 32 bits)
 *
 *        [10 Nov 1995 11:33:25.125 UTC]       [10 Nov 1995 11:33:36.5 UTC]
 *        n                 SR(n)              A=b710:8000 (46864.500 s)
 *   ---------------------------------------------------------------------&gt;
 *                          v                 ^
 *   ntp_sec =0xb44db705 v               ^ dlsr=0x0005:4000 (    5.250s)
 *   ntp_frac=0x20000000  v             ^  lsr =0xb705:2000 (46853.125s)
 *     (3024992005.125 s)  v           ^
 *   r                      v         ^ RR(n)
 *   ---------------------------------------------------------------------&gt;
 *                          |&lt;-DLSR-&gt;|
 *                           (5.250 s)
 *   A     0xb710:8000 (46864.500 s)
 *   DLSR -0x0005:4000 (    5.250 s)
 *   LSR  -0xb705:2000 (46853.125 s)
 *   -------------------------------
 *   delay 0x0006:2000 (    6.125 s)               (RFC 3550 §6.4.1, Figure 2)
 * </pre>
 *
 * <p>Keeping one state per outgoing stream across layer switches keeps its RTP-to-NTP mapping
 * continuous, which is what lets a receiver keep audio and video in sync.
 *
 * <p>Not thread-safe: confined to the receiver's event loop.
 */
public final class SenderReportState {
    private final long ssrc;
    private final int clockRate;
    private final MonotonicClock clock;
    private final NtpClock ntpClock;
    private long packets;
    private long octets;
    private boolean sentAny;
    private long lastRtpTimestamp;
    private long lastSentNanos;
    private long lastRttNanos = -1;
    private ReceptionReport lastReceptionReport;

    public SenderReportState(long ssrc, int clockRate, MonotonicClock clock, Clock wallClock) {
        this(ssrc, clockRate, new NtpClock(clock, wallClock));
    }

    /** A state on a shared NTP clock (every SR of the server on one timeline). */
    public SenderReportState(long ssrc, int clockRate, NtpClock ntpClock) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        this.clock = ntpClock.monotonic();
        this.ntpClock = ntpClock;
    }

    /** One RTP packet went out with this (outgoing) timestamp and {@code payloadBytes} of payload. */
    public void onPacketSent(long rtpTimestamp, int payloadBytes) {
        onPacketSent(rtpTimestamp, payloadBytes, clock.nanos());
    }

    /** As {@link #onPacketSent(long, int)}, sent at {@code nowNanos} (a time the caller already read). */
    public void onPacketSent(long rtpTimestamp, int payloadBytes, long nowNanos) {
        packets++;
        octets += payloadBytes;
        lastRtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        lastSentNanos = nowNanos;
        sentAny = true;
    }

    /** Whether anything was sent yet (no SR is due before). */
    public boolean hasSent() {
        return sentAny;
    }

    /** Our NTP time at monotonic time {@code monoNanos}. */
    public long ntpAt(long monoNanos) {
        return ntpClock.ntpAt(monoNanos);
    }

    /** The SR for now, carrying {@code reports} (blocks about streams we receive, up to 31). */
    public SenderReport senderReport(List<ReceptionReport> reports) {
        long now = clock.nanos();
        return senderReport(now, extrapolatedRtpTimestamp(now), reports);
    }

    /**
     * The SR for monotonic time {@code nowNanos} with an RTP timestamp the caller knows better (a forwarded
     * stream's, from its publisher's SR through the rewriter's offset).
     */
    public SenderReport senderReport(long nowNanos, long rtpTimestamp, List<ReceptionReport> reports) {
        return new SenderReport(ssrc, ntpAt(nowNanos), rtpTimestamp & 0xFFFF_FFFFL, packets & 0xFFFF_FFFFL,
                octets & 0xFFFF_FFFFL, reports);
    }

    /** The last timestamp sent, advanced in real time since it was sent: the SFU's own clock for the stream. */
    public long extrapolatedRtpTimestamp(long nowNanos) {
        long elapsed = sentAny ? nowNanos - lastSentNanos : 0;
        return (lastRtpTimestamp + Math.floorDiv(elapsed, 1000L) * clockRate / 1_000_000L) & 0xFFFF_FFFFL;
    }

    /**
     * A report block about this stream from the receiver; returns the RTT in nanoseconds, or -1 when the
     * block has no LSR (no SR of ours reached the receiver yet) or the result is negative.
     */
    public long onReceptionReport(ReceptionReport block, long arrivalNanos) {
        lastReceptionReport = block;
        if (block.lastSenderReport() == 0) {
            return -1;
        }
        long a = NtpTime.middle32(ntpAt(arrivalNanos));
        long units = (a - block.lastSenderReport() - block.delaySinceLastSenderReport()) & 0xFFFF_FFFFL;
        if (units >= 0x8000_0000L) {
            return -1; // negative: clocks or a bogus block
        }
        lastRttNanos = NtpTime.fromUnits65536(units);
        return lastRttNanos;
    }

    /** The last RTT measured, or -1. */
    public long rttNanos() {
        return lastRttNanos;
    }

    /** The last report block the receiver sent about this stream (its loss and jitter), or null. */
    public ReceptionReport lastReceptionReport() {
        return lastReceptionReport;
    }

    public long packetsSent() {
        return packets;
    }

    public long octetsSent() {
        return octets;
    }

    public long ssrc() {
        return ssrc;
    }
}
