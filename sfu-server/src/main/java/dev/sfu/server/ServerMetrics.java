package dev.sfu.server;

import dev.sfu.api.events.Webhooks;
import dev.sfu.api.shared.Protections;
import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.DataCounters;
import dev.sfu.core.model.DataDropReason;
import dev.sfu.core.model.MediaCounters;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.ForwardingDelays;
import dev.sfu.core.transport.TrafficCounters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics of the server (docs/operations.md lists them). Every meter reads counters the media plane
 * keeps anyway, so nothing here touches the packet path; the event-loop lag is probed once a second.
 */
final class ServerMetrics implements AutoCloseable {
    static final long LAG_PROBE_MILLIS = 1000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Vertx vertx;
    private final long probeTimer;

    ServerMetrics(SfuEngine engine, Vertx vertx, Webhooks webhooks, Protections protections) {
        this.vertx = vertx;
        Gauge.builder("sfu_rooms", engine, SfuEngine::roomCount).description("rooms that exist now")
                .register(registry);
        Gauge.builder("sfu_participants", engine, SfuEngine::participantCount)
                .description("participants in all rooms now").register(registry);
        Gauge.builder("sfu_tracks", engine, SfuEngine::trackCount)
                .description("published tracks in all rooms (refreshed every second)").register(registry);
        Gauge.builder("sfu_draining", engine, e -> e.draining() ? 1 : 0)
                .description("1 while the server drains").register(registry);
        for (int i = 0; i < engine.mediaLoops(); i++) {
            int loop = i;
            Gauge.builder("sfu_media_loop_participants", engine, e -> e.participantCount(loop))
                    .description("participants in the rooms of one media loop (rooms are placed on the loop with the "
                            + "fewest)").tag("loop", String.valueOf(loop)).register(registry);
            Gauge.builder("sfu_media_loop_rooms", engine, e -> e.roomCount(loop))
                    .description("rooms on one media loop").tag("loop", String.valueOf(loop)).register(registry);
        }
        TrafficCounters traffic = engine.traffic();
        FunctionCounter.builder("sfu_media_packets_received", traffic, TrafficCounters::packetsIn)
                .description("UDP datagrams received on the media port").register(registry);
        FunctionCounter.builder("sfu_media_bytes_received", traffic, TrafficCounters::bytesIn)
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("sfu_media_packets_sent", traffic, TrafficCounters::packetsOut)
                .description("UDP datagrams sent from the media port").register(registry);
        FunctionCounter.builder("sfu_media_bytes_sent", traffic, TrafficCounters::bytesOut)
                .baseUnit("bytes").register(registry);
        registerForwardingDelays(registry, traffic);
        DropCounters drops = engine.drops();
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("sfu_media_drops", drops, d -> d.get(reason))
                    .description("packets dropped by the media plane, by reason")
                    .tag("reason", reason.name().toLowerCase()).register(registry);
        }
        MediaCounters counters = engine.counters();
        mediaCounter(counters, "sfu_rtcp_pli_sent", MediaCounters::plisSent,
                "PLIs sent to publishers (after merging receivers' keyframe requests)");
        mediaCounter(counters, "sfu_rtcp_nack_received", MediaCounters::nacksReceived,
                "packets receivers asked to be retransmitted (NACK)");
        mediaCounter(counters, "sfu_retransmissions_sent", MediaCounters::retransmissionsSent,
                "packets resent to receivers on their NACKs, from the retransmission caches");
        mediaCounter(counters, "sfu_retransmissions_sent_rtx", MediaCounters::rtxSent,
                "of those, resent as RTX (receivers that negotiated RTX)");
        mediaCounter(counters, "sfu_rtcp_nack_sent", MediaCounters::nacksSent,
                "sequence numbers NACKed to publishers (each retry counts)");
        mediaCounter(counters, "sfu_upstream_repaired", MediaCounters::repaired,
                "packets lost on the way from publishers, recovered from their RTX streams");
        mediaCounter(counters, "sfu_upstream_repairs_failed", MediaCounters::repairsFailed,
                "publishers' losses given up on (retries or age spent): a keyframe was asked for");
        mediaCounter(counters, "sfu_dtls_failures", MediaCounters::dtlsFailures,
                "participants dropped because their DTLS handshake failed");
        mediaCounter(counters, "sfu_participants_kicked", MediaCounters::participantsKicked,
                "participants removed over REST");
        mediaCounter(counters, "sfu_rtcp_sr_sent", MediaCounters::senderReportsSent,
                "sender reports sent to receivers (one per subscription per second)");
        mediaCounter(counters, "sfu_rtcp_report_blocks_sent", MediaCounters::reportBlocksSent,
                "receiver report blocks sent to publishers (one per received stream per second)");
        mediaCounter(counters, "sfu_rtcp_sr_received", MediaCounters::senderReportsReceived,
                "sender reports received from publishers");
        mediaCounter(counters, "sfu_rtcp_report_blocks_received", MediaCounters::reportBlocksReceived,
                "receivers' report blocks about the streams we send");
        registerData(registry, counters.data());
        Timer rtt = Timer.builder("sfu_rtt").description("round trip times to receivers from their RTCP report blocks")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        counters.rttSink(nanos -> rtt.record(nanos, TimeUnit.NANOSECONDS));
        DistributionSummary estimates = DistributionSummary.builder("sfu_bandwidth_estimate")
                .description("receivers' bandwidth estimates").baseUnit("bits_per_second")
                .publishPercentileHistogram().minimumExpectedValue(50_000.0).maximumExpectedValue(50_000_000.0)
                .register(registry);
        counters.estimateSink(estimates::record);
        for (Protections.Reason reason : Protections.Reason.values()) {
            FunctionCounter.builder("sfu_protections", protections, p -> p.get(reason)).tag("reason", reason.label())
                    .description("connections a protection against careless or hostile clients ended or refused")
                    .register(registry);
        }
        if (webhooks != null) {
            FunctionCounter.builder("sfu_webhooks_delivered", webhooks, Webhooks::delivered).register(registry);
            FunctionCounter.builder("sfu_webhooks_retried", webhooks, Webhooks::retried).register(registry);
            FunctionCounter.builder("sfu_webhooks_failed", webhooks, Webhooks::failed)
                    .description("webhooks given up after every retry").register(registry);
            FunctionCounter.builder("sfu_webhooks_dropped", webhooks, Webhooks::dropped)
                    .description("webhooks dropped because too many were pending").register(registry);
        }
        Timer mediaLag = Timer.builder("sfu_event_loop_lag").tag("loop", "media")
                .description("how long a task waited before its event loop ran it (media: the worst of the media "
                        + "loops)").register(registry);
        Timer[] mediaLoopLags = new Timer[engine.mediaLoops()];
        for (int i = 0; i < mediaLoopLags.length; i++) {
            mediaLoopLags[i] = Timer.builder("sfu_media_loop_lag").tag("loop", String.valueOf(i))
                    .description("how long a task waited before this media loop ran it").register(registry);
        }
        Timer httpLag = Timer.builder("sfu_event_loop_lag").tag("loop", "http").register(registry);
        this.probeTimer = vertx.setPeriodic(LAG_PROBE_MILLIS, new io.vertx.core.Handler<Long>() {
            private long expected = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LAG_PROBE_MILLIS);

            @Override
            public void handle(Long id) {
                long now = System.nanoTime();
                httpLag.record(Duration.ofNanos(Math.max(0, now - expected)));
                expected = now + TimeUnit.MILLISECONDS.toNanos(LAG_PROBE_MILLIS);
                engine.probeLoopLags().thenAccept(lags -> {
                    long worst = 0;
                    for (int i = 0; i < lags.length; i++) {
                        mediaLoopLags[i].record(lags[i], TimeUnit.NANOSECONDS);
                        worst = Math.max(worst, lags[i]);
                    }
                    mediaLag.record(worst, TimeUnit.NANOSECONDS);
                });
            }
        });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        vertx.cancelTimer(probeTimer);
        gcMetrics.close();
        registry.close();
    }

    /**
     * The forwarding delays as cumulative buckets ({@code sfu_media_forwarding_delay_le_total} per received datagram,
     * {@code sfu_media_copy_delay_le_total} per copy; a histogram's shape:
     * {@code le} in seconds, plus {@code +Inf}; the Prometheus client keeps {@code _bucket}/{@code _count} names for
     * its own histograms), with count and sum: p50/p99 over any window come from the difference of two scrapes.
     */
    private static void registerForwardingDelays(MeterRegistry registry, TrafficCounters traffic) {
        registerDelayHistogram(registry, traffic.forwardingDelays(), "sfu_media_forwarding_delay",
                "received datagrams by how long the server held them: read to the end of the flush that sent their "
                        + "last copy (cumulative, le in seconds)");
        FunctionCounter.builder("sfu_media_forwarded_datagrams", traffic.forwardingDelays(), ForwardingDelays::count)
                .description("received datagrams that were forwarded").register(registry);
        registerDelayHistogram(registry, traffic.copyDelays(), "sfu_media_copy_delay",
                "forwarded copies by how long the server held them: read of the datagram to the end of the sendmmsg "
                        + "that took the copy (cumulative, le in seconds)");
        FunctionCounter.builder("sfu_media_forwarded_copies", traffic.copyDelays(), ForwardingDelays::count)
                .description("copies the fan-out handed to the kernel").register(registry);
    }

    /** {@code name_le{le}} cumulative counters plus {@code name_seconds} (the sum). */
    private static void registerDelayHistogram(MeterRegistry registry, ForwardingDelays delays, String name,
            String description) {
        double[] bounds = ForwardingDelays.boundsSeconds();
        for (int i = 0; i <= bounds.length; i++) {
            int bucket = i;
            String le = i < bounds.length
                    ? java.math.BigDecimal.valueOf(bounds[i]).stripTrailingZeros().toPlainString() : "+Inf";
            FunctionCounter.builder(name + "_le", delays, d -> d.countAtMost(bucket)).description(description)
                    .tag("le", le).register(registry);
        }
        FunctionCounter.builder(name + "_seconds", delays, ForwardingDelays::totalSeconds)
                .description("sum of the delays").baseUnit("seconds").register(registry);
    }

    /** A counter read from the media plane's {@link MediaCounters} at scrape time. */
    private void mediaCounter(MediaCounters counters, String name, ToDoubleFunction<MediaCounters> count,
            String description) {
        FunctionCounter.builder(name, counters, count).description(description).register(registry);
    }

    /** Data channel traffic: messages and bytes in (from participants and REST) and out, drops by reason. */
    private static void registerData(MeterRegistry registry, DataCounters data) {
        FunctionCounter.builder("sfu_data_messages_received", data, DataCounters::messagesIn)
                .description("data channel messages (parts) received from participants and over REST").register(registry);
        FunctionCounter.builder("sfu_data_bytes_received", data, DataCounters::bytesIn).baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("sfu_data_messages_sent", data, DataCounters::messagesOut)
                .description("data channel messages handed to receivers' SCTP associations").register(registry);
        FunctionCounter.builder("sfu_data_bytes_sent", data, DataCounters::bytesOut).baseUnit("bytes")
                .register(registry);
        for (DataDropReason reason : DataDropReason.values()) {
            FunctionCounter.builder("sfu_data_drops", data, d -> d.drops(reason))
                    .description("data channel messages (or one receiver's copy) not delivered, by reason")
                    .tag("reason", reason.tag()).register(registry);
        }
    }
}
