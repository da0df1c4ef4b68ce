/**
 * Per-stream statistics (RFC 3550 §6.4, A.3, A.8): what receiver reports say about the streams we
 * receive ({@link dev.sfu.core.stats.StreamStatistics}), what sender reports say about the streams we
 * send ({@link dev.sfu.core.stats.SenderReportState}, with the round-trip time from report blocks), and
 * sliding-window bitrates ({@link dev.sfu.core.stats.BitrateMeter}).
 *
 * <pre>
 *   incoming RTP  --onPacket--&gt;  StreamStatistics --receptionReport()--&gt; ReceptionReport (in our RR)
 *   outgoing RTP  --onPacketSent--&gt; SenderReportState --senderReport()--&gt; SenderReport (our SR)
 *   their RR block about our SSRC --&gt; SenderReportState.onReceptionReport --&gt; RTT
 *   a publisher's SR --&gt; RemoteNtpClock (its NTP on our clock) --&gt; SenderClock (its RTP at any moment)
 *   our SRs' NTP: one NtpClock (wall clock read once, advanced by the monotonic clock)
 * </pre>
 *
 * <p>{@link dev.sfu.core.stats.IncomingStreamStats} and {@link dev.sfu.core.stats.OutgoingStreamStats}
 * are the immutable snapshots the statistics API hands out.
 *
 * <p>Every class is confined to one event loop and allocates nothing per packet. This package imports
 * only the JDK, the time and rtcp packages; nothing of routing.
 */
package dev.sfu.core.stats;
