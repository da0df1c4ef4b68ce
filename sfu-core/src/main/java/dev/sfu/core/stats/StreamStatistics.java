package dev.sfu.core.stats;

import dev.sfu.core.rtcp.ReceptionReport;

/**
 * Reception statistics of one incoming RTP stream (RFC 3550 Appendix A.1, A.3, A.8), from which the
 * report block of our receiver report about it is made.
 *
 * <pre>
 *   onPacket(seq, timestamp, arrival, bytes)     per packet (not for RTX)          allocation-free
 *     sequence (A.1): cycles counted on wrap; a jump over 3000 is accepted only when the next
 *                     packet confirms it (the source restarted), otherwise the packet is ignored
 *     jitter   (A.8): D = (arrival - timestamp) - previous transit, in timestamp units;
 *                     J += (|D| - J) / 16, kept as J x 16 in an integer
 *   onSenderReport(ntp, arrival)                 remembers LSR (middle 32 bits) and when it came
 *   receptionReport(now)                         per RR:
 *     extended highest = cycles + max seq; expected = extended highest - base seq + 1
 *     cumulative lost = expected - received (24-bit signed, clamped)
 *     fraction lost (A.3) = 256 x lost in the interval / expected in the interval (0 when none lost)
 *     DLSR = now - arrival of the last SR, in 1/65536 s
 * </pre>
 *
 * <p>Not thread-safe: confined to the event loop of the publisher's room.
 */
public final class StreamStatistics {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final long RTP_SEQ_MOD = 1 << 16;

    private final long ssrc;
    private final int clockRate;
    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = -1;
    private long received;
    private long bytes;
    private long expectedPrior;
    private long receivedPrior;
    private int lastFractionLost;
    private long firstArrivalNanos;
    private boolean hasTransit;
    private int lastTransit;
    private long jitterQ4;
    private long lastSenderReport;
    private long lastSenderReportArrival;
    private boolean hasSenderReport;

    public StreamStatistics(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /** One packet of the stream arrived at {@code arrivalNanos} (local monotonic clock). */
    public void onPacket(int seq, long rtpTimestamp, long arrivalNanos, int sizeBytes) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            firstArrivalNanos = arrivalNanos;
            initSequence(seq);
        } else if (!updateSequence(seq)) {
            return;
        }
        received++;
        bytes += sizeBytes;
        updateJitter(rtpTimestamp, arrivalNanos);
    }

    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = -1;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    private boolean updateSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSequence(seq); // two in a row: the source restarted
                hasTransit = false;
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: duplicate or reordered, counted as received (A.3)
        return true;
    }

    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long arrivalUnits = Math.floorDiv(arrivalNanos - firstArrivalNanos, 1000L) * clockRate / 1_000_000L;
        int transit = (int) (arrivalUnits - rtpTimestamp);
        if (hasTransit) {
            int d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        hasTransit = true;
        lastTransit = transit;
    }

    /** A sender report about this stream arrived: its NTP timestamp is echoed as LSR. */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSenderReport = NtpTime.middle32(ntpTimestamp);
        lastSenderReportArrival = arrivalNanos;
        hasSenderReport = true;
    }

    /** The report block for our next RR, closing the fraction-lost interval; null before any packet. */
    public ReceptionReport receptionReport(long nowNanos) {
        if (!started) {
            return null;
        }
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        expectedPrior = expected;
        receivedPrior = received;
        lastFractionLost = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = hasSenderReport ? Math.min(0xFFFF_FFFFL, NtpTime.toUnits65536(nowNanos - lastSenderReportArrival)) : 0;
        return new ReceptionReport(ssrc, lastFractionLost, cumulativeLost(), extendedHighestSequence() & 0xFFFF_FFFFL,
                jitter() & 0xFFFF_FFFFL, hasSenderReport ? lastSenderReport : 0, dlsr);
    }

    private long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    public long ssrc() {
        return ssrc;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected minus received, clamped to the 24-bit signed field. */
    public int cumulativeLost() {
        if (!started) {
            return 0;
        }
        return (int) Math.max(-0x80_0000, Math.min(0x7F_FFFF, expected() - received));
    }

    /** The fraction lost of the last reported interval, in 1/256. */
    public int lastFractionLost() {
        return lastFractionLost;
    }

    /** Interarrival jitter in timestamp units. */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    /** Interarrival jitter in seconds. */
    public double jitterSeconds() {
        return (jitterQ4 / 16.0) / clockRate;
    }

    public long packetsReceived() {
        return received;
    }

    public long bytesReceived() {
        return bytes;
    }
}
