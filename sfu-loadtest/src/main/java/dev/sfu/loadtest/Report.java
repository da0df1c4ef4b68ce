package dev.sfu.loadtest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of a run: one row per measured second and the totals. Printed as a table, written as JSON.
 * Bits are RTP payload bits. Latencies are microseconds from the stamped send time (when the packet left the
 * publisher, after its pacer when paced) to the receiving peer's decryption, on one host clock; the tool's own
 * event-loop lag is reported next to them. Server figures come from its /metrics (whole process).
 */
public record Report(Setup setup, List<Second> perSecond, Totals totals) {

    /**
     * What ran. {@code serverInProcess}: the server shared this JVM, so its CPU figures include the tool.
     *
     * @param pacedVideo publishers paced video as a browser does (else each frame's packets back to back)
     * @param audio publishers sent audio beside video (else video only)
     * @param stallSeconds the silence that makes a stall
     * @param toolEventLoops the event loops the tool's peers share (its {@code availableProcessors})
     * @param churnPerMinute subscribers replaced per minute during the window ({@code --churn}), 0 for none
     */
    public record Setup(String url, boolean serverInProcess, int rooms, int publishersPerRoom,
            int subscribersPerRoom, int durationSeconds, int videoKbps, int fps, int simulcastLayers, String quality,
            int availableProcessors, String javaVersion, boolean pacedVideo, int stallSeconds, int toolEventLoops,
            boolean audio, int churnPerMinute) {}

    /**
     * @param plis PLIs and FIRs the publishers received in this second
     * @param nacks packets the receivers NACKed to the server in this second (its sfu_rtcp_nack_received), or -1
     * @param stalls stalls that began in this second (a subscription silent for the stall threshold while its
     *     publisher kept sending)
     * @param stalledSubscriptions subscriptions stalled at the end of this second
     * @param loopLagP99Micros how late the tool's own event loops ran what was due ({@code LoopLagProbe}): the
     *     receive-side queueing the tool adds to the latency percentiles
     * @param churnLeaves subscribers that left in this second ({@code --churn})
     * @param churnJoins churn newcomers whose media was keyed in this second
     * @param dataSent data messages the senders' associations queued in this second
     * @param dataReceived data messages that arrived intact in this second (all receivers)
     * @param serverDataSent data messages the server handed to receivers (its sfu_data_messages_sent), or -1
     */
    public record Second(int second, long sentPackets, long sentKbps, long receivedPackets, long receivedKbps,
            long lostPackets, long corruptPackets, long latencyP50Micros, long latencyP95Micros,
            long latencyP99Micros, double serverCpuPercent, long serverPacketsSent,
            double serverCpuMicrosPerPacketSent, long serverHeapMb, long plis, long nacks, int stalls,
            int stalledSubscriptions, long loopLagP50Micros, long loopLagP99Micros, long loopLagMaxMicros,
            int churnLeaves, int churnJoins, long dataSent, long dataReceived, long serverDataSent) {}

    /**
     * Subscriber churn over the window ({@code --churn}). Times are from a newcomer's start (creating its peer,
     * before the join message) to its first RTP packet and to the last packet of its first complete video frame
     * (its first keyframe), over every newcomer (read when it left or at the end of the run).
     *
     * @param leaves subscribers that left (closed their socket and peer)
     * @param joins newcomers that joined and got their media keyed
     * @param joinFailures newcomers that failed to join (after a retry), or replacements with nobody to replace
     * @param stillJoining newcomers still joining when the window and a grace period were over (cancelled)
     * @param firstPacket newcomers' time to their first packet (JSON: {@code firstPacketP50Millis} ..
     *     {@code firstPacketCount})
     * @param firstFrame newcomers' time to their first complete video frame ({@code firstFrameP50Millis} ..)
     * @param withoutFrame newcomers that had no complete video frame when they left or the run ended
     * @param departedDeliveryExpected over the subscribers that left: stamped packets from the first counter each
     *     stream saw to the last (what was in flight when it left is not missing); also in the run's delivery
     * @param departedDeliveryReceived what those subscribers received of them
     */
    public record Churn(int perMinute, int leaves, int joins, int joinFailures, int stillJoining,
            @JsonUnwrapped(prefix = "firstPacket") JoinTimes firstPacket,
            @JsonUnwrapped(prefix = "firstFrame") JoinTimes firstFrame, int withoutFrame,
            long departedDeliveryExpected, long departedDeliveryReceived, String lastError) {}

    /** Newcomers' times from the start of their join, nearest-rank, -1 when there are none. */
    public record JoinTimes(@JsonProperty("P50Millis") long p50Millis, @JsonProperty("P99Millis") long p99Millis,
            @JsonProperty("MaxMillis") long maxMillis, @JsonProperty("Count") int count) {}

    /**
     * A subscription that stalled at least once in the measured window.
     *
     * @param stalledMillis time spent stalled: from the last packet before each silence (or the window's start)
     *     to the next packet (or the window's end)
     * @param stalledAtEnd still stalled when the window ended
     */
    public record Stall(String subscriber, String mid, String kind, String publisher, int stalls, long stalledMillis,
            boolean stalledAtEnd) {}

    public record Latency(long count, long p50Micros, long p95Micros, long p99Micros, long maxMicros) {
        static Latency of(LatencyHistogram.Snapshot s) {
            return new Latency(s.count(), s.percentile(0.50), s.percentile(0.95), s.percentile(0.99), s.max());
        }
    }

    /**
     * Totals over the measured window, in groups. The JSON keeps the flat {@code totals} object the scripts and
     * docs/benchmarks.md read: each group is unwrapped into it and its fields keep their report names
     * ({@code @JsonProperty}), in the order they always had. Built in one place, {@link ReportAssembler}.
     *
     * @param videoLayerWidths video subscriptions by the width of the last keyframe they received (which
     *     simulcast layer each subscriber ended on: 320, 640 or 1280; 640 without simulcast)
     * @param loopLag how late the tool's event loops ran what was due (count: probes), next to the latencies
     * @param problems why the run failed, empty when it passed; the exit status is 3 when there is any (1 when
     *     nobody connected)
     * @param churn subscriber churn over the window (all zeros when off); the figures above include the
     *     newcomers and, up to when they left, the subscribers that left
     * @param data data channel traffic (all zeros when off)
     */
    public record Totals(@JsonUnwrapped Participants participants, @JsonUnwrapped Traffic traffic,
            @JsonUnwrapped Delivery delivery, @JsonUnwrapped Latencies latency, @JsonUnwrapped FirstFrame firstFrame,
            @JsonUnwrapped Repair repair, @JsonUnwrapped Server server, @JsonUnwrapped Signaling signaling,
            Map<Integer, Integer> videoLayerWidths, @JsonUnwrapped Stalls stalls, Latency loopLag,
            List<String> problems, Churn churn, Data data) {}

    /**
     * Data channel traffic ({@code --data-rate}; zeros when off). Sent, received and the server's counters are over
     * the measured window; the delivery check over the whole run, read after the senders stopped and the
     * receivers drained ({@link DataDelivery}).
     *
     * @param refusedBySenders messages a sender's own association refused (its send budget full): never sent
     * @param corrupt messages whose checksum failed; {@code disordered}: reliable ones after a later one
     * @param unchecked messages that arrived but fell out of the peer's kept list unread (the tool was behind)
     * @param deliveryExpected over the receivers that stayed and read: what their rooms' senders queued from the
     *     first message each receiver was owed; {@code deliveryReceived} what arrived intact and in order
     * @param stalledReceived messages the receivers stalled on purpose ({@code --data-stalled}) got
     * @param serverMessagesOutPerCpuSecond messages the server handed to receivers per second of its process CPU
     *     (what one core relays when the server is CPU-bound), -1 without a scrape
     * @param serverDrops the server's sfu_data_drops_total by reason over the window
     * @param associationsClosed participants whose SCTP association closed during the run (their peer's word),
     *     with the last reason given
     */
    public record Data(int ratePerSender, int messageBytes, int sendersPerRoom, int stalledPerRoom,
            long messagesSent, long bytesSent, long refusedBySenders, long messagesReceived, long bytesReceived,
            long corrupt, long disordered, long unchecked, long deliveryExpected, long deliveryReceived,
            long deliveryLost, int receiversChecked, int receiversDeparted, long stalledReceived,
            long serverMessagesIn, long serverMessagesOut, long serverBytesIn, long serverBytesOut,
            double serverMessagesOutPerSecond, double serverMegabytesOutPerSecond,
            double serverMessagesOutPerCpuSecond, Map<String, Long> serverDrops, String lastRefusal,
            int associationsClosed, String lastClosedReason) {}

    /** Who took part: participants connected at the end (churn newcomers included), joins that failed. */
    public record Participants(@JsonProperty("participantsConnected") int connected,
            @JsonProperty("joinFailures") int joinFailures) {}

    /**
     * What the peers sent and received in the window (RTP payload bits).
     *
     * @param lostPackets sequence-number gaps seen by the receivers
     * @param lossPercent lost of (received + lost)
     * @param corruptPackets payloads whose stamp CRC failed (the server changed the bytes)
     * @param srtpFailures packets the receivers could not authenticate or decrypt
     */
    public record Traffic(long sentPackets, long sentBits, long receivedPackets, long receivedBits, long lostPackets,
            double lossPercent, long corruptPackets, long srtpFailures, long unknownSsrcPackets) {}

    /**
     * The stamp-counter check: over each subscription's whole life (not only the window), what the publishers'
     * counters say was sent against what arrived, read after the publishers stopped and the pipe drained, so it
     * also sees tail loss. Includes the subscribers churn took away (first to last packet they saw). With
     * simulcast ({@code simulcastLayers > 0}) audio only: a receiver's video moves between layers, each with its
     * own stamp counter.
     */
    public record Delivery(@JsonProperty("deliveryExpected") long expected,
            @JsonProperty("deliveryReceived") long received, @JsonProperty("deliveryLost") long lost) {}

    /** Latency per kind and over both, from the stamps. */
    public record Latencies(Latency audio, Latency video, Latency all) {}

    /** Time from a subscription's first offer to its first complete video frame, over every video subscription. */
    public record FirstFrame(@JsonProperty("firstFrameP50Millis") long p50Millis,
            @JsonProperty("firstFrameP95Millis") long p95Millis,
            @JsonProperty("firstFrameMaxMillis") long maxMillis, @JsonProperty("firstFrameCount") int count) {}

    /**
     * Keyframe requests and retransmission.
     *
     * @param plisToPublishers PLIs and FIRs the publishers received
     * @param serverPlisSent PLIs the server sent to publishers (its own count), or -1
     * @param nacks packets receivers NACKed to the server (its count; JavaPeer subscribers do not NACK on their
     *     own, browsers do), or -1
     */
    public record Repair(long plisToPublishers, long serverPlisSent, long keyframesSent, long nacks) {}

    /**
     * The server's process over the window, from its /metrics; -1 where a scrape failed.
     *
     * @param drops media drops counted by reason, except waits for a keyframe
     */
    public record Server(@JsonProperty("serverCpuSeconds") double cpuSeconds,
            @JsonProperty("serverPacketsSent") long packetsSent,
            @JsonProperty("serverPacketsReceived") long packetsReceived,
            @JsonProperty("serverCpuMicrosPerPacketSent") double cpuMicrosPerPacketSent,
            @JsonProperty("serverCpuPercent") double cpuPercent, @JsonProperty("serverHeapStartMb") long heapStartMb,
            @JsonProperty("serverHeapEndMb") long heapEndMb, @JsonProperty("serverHeapMaxMb") long heapMaxMb,
            @JsonProperty("serverDrops") long drops) {}

    /** Signaling errors of every participant (those churn took away too), and the last error seen anywhere. */
    public record Signaling(@JsonProperty("signalingErrors") long errors, String lastError) {}

    /**
     * Stalls over the window.
     *
     * @param events stall events ({@link Second#stalls()})
     * @param subscriptions subscriptions that stalled at least once; {@code bySubscription} lists them
     * @param millis time spent stalled, summed over the subscriptions
     */
    public record Stalls(@JsonProperty("stalls") int events, @JsonProperty("stalledSubscriptions") int subscriptions,
            @JsonProperty("stalledMillis") long millis, @JsonProperty("stalled") List<Stall> bySubscription) {}

    /** Exit status of the tool: 0 passed, 1 nobody connected, 3 stalls, missing or corrupt packets, failed joins. */
    public int exitStatus() {
        if (totals.participants().connected() == 0) {
            return 1;
        }
        return totals.problems().isEmpty() ? 0 : 3;
    }

    public void writeJson(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), this);
    }

    /** The report as a table: a row per second (when asked) and the totals, the last line the result. */
    public void printTable(PrintStream out, boolean perSecondRows) {
        new ReportTable(this, out).print(perSecondRows);
    }
}
