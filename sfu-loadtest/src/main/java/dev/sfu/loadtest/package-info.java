/**
 * The synthetic load tool: JavaPeer participants that join rooms over the documented signaling, stamp and check
 * every RTP payload, and report what arrived, how late, and what the server spent.
 *
 * <p>The data flow of a run: {@link dev.sfu.loadtest.LoadRun} (lifecycle) starts the
 * {@link dev.sfu.loadtest.Participants} (peers, rooms, pools; each a {@link dev.sfu.loadtest.LoadClient}), then
 * {@link dev.sfu.loadtest.WindowSampler} samples every second (peer stats, {@link dev.sfu.loadtest.StallTracker},
 * {@link dev.sfu.loadtest.ServerMetrics}, the latency histograms in {@link dev.sfu.loadtest.RunMeters}) while
 * {@link dev.sfu.loadtest.Churn} replaces subscribers; {@link dev.sfu.loadtest.SubscriberChecks} runs the
 * end-of-run delivery check, {@link dev.sfu.loadtest.DataTraffic} sends and checks data channel messages
 * ({@code --data-rate}: numbered and checksummed by {@link dev.sfu.loadtest.DataPayload}, checked per receiver by
 * {@link dev.sfu.loadtest.DataReceiver}, counted at the end by {@link dev.sfu.loadtest.DataDelivery}), {@link dev.sfu.loadtest.ReportAssembler} builds the
 * {@link dev.sfu.loadtest.Report}, and {@link dev.sfu.loadtest.ReportTable} prints it (JSON: the report's own
 * records, field names fixed: scripts and docs read them).
 */
package dev.sfu.loadtest;
