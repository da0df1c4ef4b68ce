package dev.sfu.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    @Test
    void readsCpuHeapAndMediaCountersFromPrometheusText() {
        String text = """
                # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total 3.11E9
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1048576.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
                sfu_media_packets_sent_total 1234.0
                sfu_media_packets_received_total 56.0
                sfu_media_bytes_sent_bytes_total 99.0
                sfu_media_drops_total{reason="unknown_ssrc"} 2.0
                sfu_media_drops_total{reason="waiting_for_keyframe"} 40.0
                sfu_participants 3.0
                sfu_rtcp_pli_sent_total 4.0
                sfu_rtcp_nack_received_total 17.0
                """;
        ServerMetrics.Sample s = ServerMetrics.parse(text, 7);
        assertEquals(3_110_000_000L, s.cpuNanos());
        assertEquals(3 << 20, s.heapBytes());
        assertEquals(1234, s.packetsSent());
        assertEquals(56, s.packetsReceived());
        assertEquals(99, s.bytesSent());
        assertEquals(3, s.participants());
        assertEquals(2, s.dropsTotal(), "keyframe waits are not failures");
        assertEquals(4, s.plisSent());
        assertEquals(17, s.nacksReceived());
        assertEquals(-1, ServerMetrics.parse("", 0).cpuNanos());
        assertEquals(-1, ServerMetrics.parse("", 0).nacksReceived(), "a server without the meter");
    }
}
