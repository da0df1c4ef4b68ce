package dev.sfu.server;

import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.transport.DropCounters;
import dev.sfu.core.transport.DropReason;
import dev.sfu.core.transport.TrafficCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Prometheus metrics of the server (docs/operations.md). Every meter reads counters the media plane keeps
 * anyway, so nothing here touches the packet path.
 */
final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    ServerMetrics(SfuEngine engine) {
        Gauge.builder("sfu_rooms", engine, SfuEngine::roomCount).description("rooms that exist now")
                .register(registry);
        Gauge.builder("sfu_participants", engine, SfuEngine::participantCount)
                .description("participants in all rooms now").register(registry);
        TrafficCounters traffic = engine.traffic();
        FunctionCounter.builder("sfu_media_packets_received", traffic, TrafficCounters::packetsIn)
                .description("UDP datagrams received on the media port").register(registry);
        FunctionCounter.builder("sfu_media_bytes_received", traffic, TrafficCounters::bytesIn)
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("sfu_media_packets_sent", traffic, TrafficCounters::packetsOut)
                .description("UDP datagrams sent from the media port").register(registry);
        FunctionCounter.builder("sfu_media_bytes_sent", traffic, TrafficCounters::bytesOut)
                .baseUnit("bytes").register(registry);
        DropCounters drops = engine.drops();
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("sfu_media_drops", drops, d -> d.get(reason))
                    .description("packets dropped by the media plane, by reason")
                    .tag("reason", reason.name().toLowerCase()).register(registry);
        }
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
        gcMetrics.close();
        registry.close();
    }
}
