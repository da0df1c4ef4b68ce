package dev.sfu.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run does (the command line, see {@link #USAGE}).
 *
 * @param layers simulcast layers each publisher sends (JavaPeer's q / h / f at ~150 kbps / 500 kbps / 1.5 Mbps,
 *     the top ones: 2 are h and f), or 0 for one VP8 encoding at {@code videoKbps}
 * @param quality what subscribers ask of every video track with {@code trackSettings}: auto (the server's
 *     choice, nothing sent), low, medium or high
 * @param pacing publishers spread each video frame's packets over time as a browser's pacer does (JavaPeer's
 *     paced video); false: a frame's packets back to back
 * @param stallSeconds a subscription whose publisher keeps sending but which receives nothing this long stalled
 * @param audio publishers send Opus-like audio beside their video; false: video only, so that the server's CPU
 *     per datagram sent is its CPU per forwarded video packet
 * @param churnPerMinute subscribers replaced per minute during the measured window (the oldest leaves, a new one
 *     joins its room), 0 for none
 * @param dataRate data channel messages a second each data sender sends, 0 for no data channels ({@link DataTraffic})
 * @param dataSize bytes of each data message
 * @param dataSenders participants per room that send data (publishers first, then subscribers, in join order)
 * @param dataStalled subscribers per room (the last ones) whose data channels stop reading
 */
public record LoadOptions(URI url, boolean embedded, int rooms, int publishers, int subscribers, int durationSeconds,
        int warmupSeconds, int videoKbps, int fps, int layers, String quality, Path json, boolean perSecond,
        int joinConcurrency, boolean pacing, int stallSeconds, boolean audio, int churnPerMinute, int dataRate,
        int dataSize, int dataSenders, int dataStalled) {

    public static final String USAGE = """
            usage: java -jar sfu-loadtest.jar [options]
              --url URL            server base URL (default http://127.0.0.1:8080)
              --embedded           start a server in this JVM (ports picked freely) instead of --url
              --rooms N            rooms (default 1)
              --publishers N       publishers per room, each sending Opus-like audio (20 ms) and VP8 (default 1)
              --subscribers N      subscribers per room, each receiving every publisher's tracks (default 10)
              --duration S         measured seconds after everyone joined (default 20)
              --warmup S           seconds between joining and measuring (default 3)
              --video-kbps K       video bitrate of a publisher (default 1500)
              --fps N              video frames per second (default 30)
              --layers N           simulcast layers per publisher, 1..3 (~150 / 500 / 1500 kbps; 2 = the top
                                   two), or 0 for one layer at --video-kbps (default 0)
              --quality Q          layer subscribers ask for: auto (server's choice), low, medium, high
                                   (default auto)
              --join-concurrency N participants joining at once (default 8)
              --pacing             publishers pace video as a browser does: a frame's packets at 2.5x the
                                   bitrate in bursts 5 ms apart (the default)
              --no-pacing          publishers send each frame's packets back to back
              --stall-seconds S    a subscription whose publisher keeps sending but which receives nothing
                                   for S seconds is a stall (default 2)
              --no-audio           publishers send video only (the server's CPU per datagram is then its
                                   CPU per forwarded video packet)
              --churn N            during the measured window, N times a minute (evenly spaced) the oldest
                                   subscriber leaves (closes its socket and peer) and a new one joins its
                                   room; newcomers are measured like the others (default 0: none)
              --data-rate N        every participant opens data channels, and each data sender sends N
                                   messages a second on the reliable channel to the rest of its room, each
                                   numbered and checksummed (default 0: no data channels)
              --data-size B        bytes per data message, 16..1048576 (default 100)
              --data-senders K     data senders per room: its first K participants, publishers first
                                   (default 1)
              --data-stalled K     the last K subscribers of each room stop reading their data channels (no
                                   acknowledgement goes back); left out of the delivery check (default 0)
              --json FILE          also write the report as JSON
              --quiet              no per-second rows
            exit status: 0 all delivered; 1 nobody connected; 2 bad options; 3 a subscription stalled, a
            stamped packet never arrived or arrived corrupt (or a data message), or a participant (or a churn newcomer) failed to join
            """;

    public LoadOptions {
        require(rooms >= 1 && rooms <= 1000, "--rooms must be 1..1000");
        require(publishers >= 0 && publishers <= 100, "--publishers must be 0..100");
        require(subscribers >= 0 && subscribers <= 2000, "--subscribers must be 0..2000");
        require(durationSeconds >= 1 && durationSeconds <= 24 * 3600, "--duration must be 1..86400");
        require(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be 0..600");
        require(videoKbps >= 30 && videoKbps <= 20_000, "--video-kbps must be 30..20000");
        require(fps >= 1 && fps <= 60, "--fps must be 1..60");
        require(joinConcurrency >= 1 && joinConcurrency <= 256, "--join-concurrency must be 1..256");
        require(layers >= 0 && layers <= 3, "--layers must be 0..3");
        require(QUALITIES.contains(quality), "--quality must be one of " + QUALITIES);
        require(stallSeconds >= 1 && stallSeconds <= 600, "--stall-seconds must be 1..600");
        require(churnPerMinute >= 0 && churnPerMinute <= 6000, "--churn must be 0..6000 (per minute)");
        require(dataRate >= 0 && dataRate <= 100_000, "--data-rate must be 0..100000 (per second)");
        require(dataSize >= DataPayload.HEADER && dataSize <= 1 << 20, "--data-size must be 16..1048576");
        require(dataSenders >= 0 && dataSenders <= 2100, "--data-senders must be 0..2100");
        require(dataStalled >= 0 && dataStalled <= subscribers, "--data-stalled must be 0..subscribers");
    }

    /** Without data channels. */
    public LoadOptions(URI url, boolean embedded, int rooms, int publishers, int subscribers, int durationSeconds,
            int warmupSeconds, int videoKbps, int fps, int layers, String quality, Path json, boolean perSecond,
            int joinConcurrency, boolean pacing, int stallSeconds, boolean audio, int churnPerMinute) {
        this(url, embedded, rooms, publishers, subscribers, durationSeconds, warmupSeconds, videoKbps, fps, layers,
                quality, json, perSecond, joinConcurrency, pacing, stallSeconds, audio, churnPerMinute, 0, 100, 1, 0);
    }

    /** Every participant opens data channels. */
    boolean dataEnabled() {
        return dataRate > 0;
    }

    /** Without churn. */
    public LoadOptions(URI url, boolean embedded, int rooms, int publishers, int subscribers, int durationSeconds,
            int warmupSeconds, int videoKbps, int fps, int layers, String quality, Path json, boolean perSecond,
            int joinConcurrency, boolean pacing, int stallSeconds, boolean audio) {
        this(url, embedded, rooms, publishers, subscribers, durationSeconds, warmupSeconds, videoKbps, fps, layers,
                quality, json, perSecond, joinConcurrency, pacing, stallSeconds, audio, 0);
    }

    static final List<String> QUALITIES = List.of("auto", "low", "medium", "high");

    public static LoadOptions defaults() {
        return new LoadOptions(URI.create("http://127.0.0.1:8080"), false, 1, 1, 10, 20, 3, 1500, 30, 0, "auto",
                null, true, 8, true, 2, true, 0, 0, 100, 1, 0);
    }

    public static LoadOptions parse(String... args) {
        URI url = URI.create("http://127.0.0.1:8080");
        boolean embedded = false;
        int rooms = 1;
        int publishers = 1;
        int subscribers = 10;
        int duration = 20;
        int warmup = 3;
        int kbps = 1500;
        int fps = 30;
        int layers = 0;
        String quality = "auto";
        Path json = null;
        boolean perSecond = true;
        int concurrency = 8;
        boolean pacing = true;
        int stallSeconds = 2;
        boolean audio = true;
        int churn = 0;
        int dataRate = 0;
        int dataSize = 100;
        int dataSenders = 1;
        int dataStalled = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--embedded" -> embedded = true;
                case "--quiet" -> perSecond = false;
                case "--pacing" -> pacing = true;
                case "--no-pacing" -> pacing = false;
                case "--no-audio" -> audio = false;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value"
                                : "unknown argument " + a);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--url" -> url = URI.create(v);
                        case "--rooms" -> rooms = number(a, v);
                        case "--publishers" -> publishers = number(a, v);
                        case "--subscribers" -> subscribers = number(a, v);
                        case "--duration" -> duration = number(a, v);
                        case "--warmup" -> warmup = number(a, v);
                        case "--video-kbps" -> kbps = number(a, v);
                        case "--fps" -> fps = number(a, v);
                        case "--layers" -> layers = number(a, v);
                        case "--quality" -> quality = v;
                        case "--join-concurrency" -> concurrency = number(a, v);
                        case "--stall-seconds" -> stallSeconds = number(a, v);
                        case "--churn" -> churn = number(a, v);
                        case "--data-rate" -> dataRate = number(a, v);
                        case "--data-size" -> dataSize = number(a, v);
                        case "--data-senders" -> dataSenders = number(a, v);
                        case "--data-stalled" -> dataStalled = number(a, v);
                        case "--json" -> json = Path.of(v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        return new LoadOptions(url, embedded, rooms, publishers, subscribers, duration, warmup, kbps, fps, layers,
                quality, json, perSecond, concurrency, pacing, stallSeconds, audio, churn, dataRate, dataSize,
                dataSenders, dataStalled);
    }

    private static int number(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + v + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    LoadOptions withEmbedded(URI serverUrl) {
        return new LoadOptions(serverUrl, true, rooms, publishers, subscribers, durationSeconds, warmupSeconds,
                videoKbps, fps, layers, quality, json, perSecond, joinConcurrency, pacing, stallSeconds, audio,
                churnPerMinute, dataRate, dataSize, dataSenders, dataStalled);
    }
}
