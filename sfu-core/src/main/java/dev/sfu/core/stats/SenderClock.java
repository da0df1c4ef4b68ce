package dev.sfu.core.stats;

/**
 * One incoming stream's RTP clock as its sender's last SR gives it, placed on our monotonic clock: the
 * RTP timestamp the sender would stamp on media captured at any moment.
 *
 * <pre>
 *   update(rtp, ntp -&gt; our mono via {@link RemoteNtpClock})    per SR of the stream
 *   rtpAt(now) = rtp + (now - mono) x clock rate / 1e9           mod 2^32
 * </pre>
 *
 * <p>A forwarded stream's SR takes its RTP timestamp from here (through the rewriter's offset), so the
 * receiver's RTP-to-NTP mapping is the publisher's, on our NTP timeline.
 *
 * <p>Not thread-safe: confined to the event loop of the publisher's room.
 */
public final class SenderClock {
    private final int clockRate;
    private boolean known;
    private long rtpTimestamp;
    private long monoNanos;

    public SenderClock(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /** The sender's SR said {@code rtpTimestamp} at the moment that is {@code monoNanos} on our clock. */
    public void update(long rtpTimestamp, long monoNanos) {
        this.rtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        this.monoNanos = monoNanos;
        this.known = true;
    }

    /** Whether an SR of the stream arrived. */
    public boolean known() {
        return known;
    }

    /** The stream's RTP timestamp at our monotonic time {@code nowNanos}; meaningful only when {@link #known}. */
    public long rtpAt(long nowNanos) {
        long elapsed = nowNanos - monoNanos;
        long ticks = Math.floorDiv(elapsed, 1000L) * clockRate / 1_000_000L;
        return (rtpTimestamp + ticks) & 0xFFFF_FFFFL;
    }
}
