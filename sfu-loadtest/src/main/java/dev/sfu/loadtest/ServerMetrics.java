package dev.sfu.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the server's Prometheus text at {@code /metrics} (docs/operations.md): process CPU time, heap in use,
 * media datagrams in and out, participants, PLIs sent and NACKs received. Missing meters read as -1.
 */
final class ServerMetrics {
    /**
     * One scrape.
     *
     * @param cpuNanos process_cpu_time_ns_total (all threads of the server's JVM)
     * @param heapBytes the sum of jvm_memory_used_bytes{area="heap"} over the pools
     * @param packetsSent sfu_media_packets_sent_total (RTP, RTCP, STUN, DTLS datagrams)
     * @param plisSent sfu_rtcp_pli_sent_total: PLIs the server sent to publishers (after merging)
     * @param nacksReceived sfu_rtcp_nack_received_total: packets receivers asked the server to resend
     */
    record Sample(long atNanos, long cpuNanos, long heapBytes, long packetsSent, long packetsReceived, long bytesSent,
            long participants, long dropsTotal, long plisSent, long nacksReceived, DataSample data) {}

    /**
     * The server's data channel counters (sfu_data_*: docs/operations.md); -1 where it does not export them.
     *
     * @param messagesIn messages (each part of a large one) received from participants and over REST
     * @param messagesOut messages handed to receivers, one per receiver and part
     * @param drops sfu_data_drops_total by reason
     */
    record DataSample(long messagesIn, long messagesOut, long bytesIn, long bytesOut, Map<String, Long> drops) {
        static final DataSample NONE = new DataSample(-1, -1, -1, -1, Map.of());

        /** What happened between {@code from} and this sample (a reason new in this one counts from 0). */
        DataSample minus(DataSample from) {
            Map<String, Long> d = new TreeMap<>();
            drops.forEach((reason, n) -> d.put(reason, n - from.drops.getOrDefault(reason, 0L)));
            return new DataSample(messagesIn - from.messagesIn, messagesOut - from.messagesOut,
                    bytesIn - from.bytesIn, bytesOut - from.bytesOut, d);
        }
    }

    /**
     * What the server did between two scrapes (a second, or the whole window): the one place its rates are
     * worked out. Counters it does not export read as -1.
     */
    record Interval(Sample from, Sample to) {
        /** The interval, or null when either scrape failed. */
        static Interval between(Sample from, Sample to) {
            return from == null || to == null ? null : new Interval(from, to);
        }

        long cpuNanos() {
            return to.cpuNanos() - from.cpuNanos();
        }

        double cpuSeconds() {
            return cpuNanos() / 1e9;
        }

        /** Process CPU in percent of one core. */
        double cpuPercent() {
            return cpuNanos() / 1e7 / ((to.atNanos() - from.atNanos()) / 1e9);
        }

        long packetsSent() {
            return to.packetsSent() - from.packetsSent();
        }

        long packetsReceived() {
            return to.packetsReceived() - from.packetsReceived();
        }

        /** Process CPU per datagram sent, in microseconds; -1 when none was sent. */
        double cpuMicrosPerPacketSent() {
            long sent = packetsSent();
            return sent > 0 ? cpuNanos() / 1e3 / sent : -1;
        }

        long drops() {
            return to.dropsTotal() - from.dropsTotal();
        }

        long plisSent() {
            return growth(to.plisSent(), from.plisSent());
        }

        long nacksReceived() {
            return growth(to.nacksReceived(), from.nacksReceived());
        }

        DataSample data() {
            return to.data().minus(from.data());
        }

        double seconds() {
            return (to.atNanos() - from.atNanos()) / 1e9;
        }

        /** The growth of a counter, or -1 when the server does not export it. */
        private static long growth(long now, long before) {
            return now < 0 || before < 0 ? -1 : now - before;
        }
    }

    private final HttpClient http;
    private final URI uri;

    ServerMetrics(HttpClient http, URI server) {
        this.http = http;
        this.uri = URI.create(server.toString().replaceAll("/+$", "") + "/metrics");
    }

    Sample scrape() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return parse(response.body(), System.nanoTime());
        } catch (Exception e) {
            return null;
        }
    }

    static Sample parse(String text, long atNanos) {
        double cpu = -1;
        double heap = -1;
        double sent = -1;
        double received = -1;
        double bytesSent = -1;
        double participants = -1;
        double drops = 0;
        double plis = -1;
        double nacks = -1;
        double[] data = {-1, -1, -1, -1}; // messages in, out, bytes in, out
        Map<String, Long> dataDrops = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String key = line.substring(0, space);
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (key.equals("process_cpu_time_ns_total")) {
                cpu = value;
            } else if (key.startsWith("jvm_memory_used_bytes{") && key.contains("area=\"heap\"")) {
                heap = Math.max(heap, 0) + value;
            } else if (key.equals("sfu_media_packets_sent_total")) {
                sent = value;
            } else if (key.equals("sfu_media_packets_received_total")) {
                received = value;
            } else if (key.equals("sfu_media_bytes_sent_bytes_total")) {
                bytesSent = value;
            } else if (key.equals("sfu_participants")) {
                participants = value;
            } else if (key.equals("sfu_rtcp_pli_sent_total")) {
                plis = value;
            } else if (key.equals("sfu_rtcp_nack_received_total")) {
                nacks = value;
            } else if (key.startsWith("sfu_media_drops_total{") && !key.contains("waiting_for_keyframe")) {
                drops += value;
            } else if (key.startsWith("sfu_data_")) {
                readData(key, value, data, dataDrops);
            }
        }
        return new Sample(atNanos, (long) cpu, (long) heap, (long) sent, (long) received, (long) bytesSent,
                (long) participants, (long) drops, (long) plis, (long) nacks, new DataSample((long) data[0],
                        (long) data[1], (long) data[2], (long) data[3], dataDrops));
    }

    /** sfu_data_* lines (the bytes counters carry Micrometer's unit suffix: matched by prefix). */
    private static void readData(String key, double value, double[] data, Map<String, Long> drops) {
        if (key.startsWith("sfu_data_messages_received")) {
            data[0] = value;
        } else if (key.startsWith("sfu_data_messages_sent")) {
            data[1] = value;
        } else if (key.startsWith("sfu_data_bytes_received")) {
            data[2] = value;
        } else if (key.startsWith("sfu_data_bytes_sent")) {
            data[3] = value;
        } else if (key.startsWith("sfu_data_drops_total{")) {
            int at = key.indexOf("reason=\"");
            if (at >= 0) {
                int from = at + "reason=\"".length();
                drops.merge(key.substring(from, key.indexOf('"', from)), (long) value, Long::sum);
            }
        }
    }
}
