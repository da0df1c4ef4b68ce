package dev.sfu.core.stats;

/**
 * A remote sender's NTP clock (the one its sender reports use) placed on our monotonic clock. The offset
 * is taken once, from the first SR of that sender, and then shared by all its streams: its audio and its
 * video (every simulcast layer) keep the relation its own SRs give them, which is what lip sync needs.
 * The one-way delay of that first SR is in the offset; it is the same for every stream, so it does not
 * disturb synchronisation.
 *
 * <pre>
 *   first SR:  offset = arrival (our mono) - remote NTP (ns)
 *   any SR:    our mono of its NTP = remote NTP (ns) + offset
 * </pre>
 *
 * <p>Not thread-safe: confined to the event loop of the sender's room.
 */
public final class RemoteNtpClock {
    private boolean anchored;
    private long offsetNanos;

    /** Our monotonic time of the remote NTP timestamp {@code ntp}, anchoring the offset on the first call. */
    public long toMonoNanos(long ntp, long arrivalMonoNanos) {
        long remote = NtpTime.toNanos(ntp);
        if (!anchored) {
            anchored = true;
            offsetNanos = arrivalMonoNanos - remote;
        }
        return remote + offsetNanos;
    }

    public boolean anchored() {
        return anchored;
    }
}
