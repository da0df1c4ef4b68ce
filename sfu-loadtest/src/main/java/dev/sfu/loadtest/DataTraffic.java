package dev.sfu.loadtest;

import dev.sfu.peer.DataMessage;
import dev.sfu.peer.DataStats;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run's data channel traffic ({@code --data-rate}): in each room the first {@code --data-senders}
 * participants (publishers first, in join order) each send {@code --data-rate} messages a second of
 * {@code --data-size} bytes to everyone else on the reliable channel; every participant is a receiver whose
 * messages are checked ({@link DataReceiver}); the last {@code --data-stalled} subscribers of each room stop
 * reading (their SCTP acknowledges nothing: the SFU's send budget for them fills) and are left out of the check.
 *
 * <p>Threads: a sender thread ticks every {@value #TICK_MILLIS} ms and sends what is due; a poll thread reads
 * every receiver's kept messages every {@value #POLL_MILLIS} ms and follows churn (newcomers become receivers,
 * owed what their room's senders send from then on; leavers are kept for the totals, out of the check, and so is
 * what a sender that left had sent).
 */
final class DataTraffic implements AutoCloseable {
    static final long TICK_MILLIS = 10;
    static final long POLL_MILLIS = 100;
    private static final long DRAIN_MAX_MILLIS = 8000;

    private final LoadOptions options;
    private final Participants participants;
    private final List<DataSender> senders = new ArrayList<>();
    private final Map<LoadClient, DataReceiver> receivers = new IdentityHashMap<>();
    private final Map<LoadClient, Integer> senderIndex = new IdentityHashMap<>();
    private final List<LoadClient> stalled = new ArrayList<>();
    private final ScheduledExecutorService sendThread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("load-data-send", true));
    private final ScheduledExecutorService pollThread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("load-data-poll", true));
    private long startNanos;
    private long attempted;

    DataTraffic(LoadOptions options, Participants participants) {
        this.options = options;
        this.participants = participants;
        if (!options.dataEnabled()) {
            return;
        }
        Map<String, List<LoadClient>> byRoom = new LinkedHashMap<>();
        for (LoadClient c : participants.all()) {
            byRoom.computeIfAbsent(c.room, r -> new ArrayList<>()).add(c);
        }
        for (List<LoadClient> room : byRoom.values()) {
            for (int i = 0; i < Math.min(options.dataSenders(), room.size()); i++) {
                DataSender s = new DataSender(room.get(i), senders.size(), options.dataSize());
                senders.add(s);
                senderIndex.put(s.client, s.index);
            }
            int stalledHere = 0;
            for (int i = room.size() - 1; i >= 0 && stalledHere < options.dataStalled(); i--) {
                LoadClient c = room.get(i);
                if (c.role == LoadClient.Role.SUBSCRIBER && !senderIndex.containsKey(c)) {
                    stalled.add(c);
                    stalledHere++;
                }
            }
        }
    }

    /** Stalls the chosen receivers, then starts sending and reading. */
    void start() throws Exception {
        if (!options.dataEnabled()) {
            return;
        }
        for (LoadClient c : stalled) {
            c.peer.setDataStalled(true).get(LoadClient.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        followChurn();
        startNanos = System.nanoTime();
        sendThread.scheduleAtFixedRate(this::sendDue, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        pollThread.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendDue() {
        long due = (long) ((System.nanoTime() - startNanos) / 1e9 * options.dataRate());
        // after a pause (GC, an overloaded tool) send at most a second's worth at once, not the whole backlog
        attempted = Math.max(attempted, due - options.dataRate());
        int count = (int) (due - attempted);
        attempted = due;
        for (DataSender s : senders) {
            s.sendDue(count);
        }
    }

    private void poll() {
        followChurn();
        List<DataReceiver> now;
        synchronized (receivers) {
            now = new ArrayList<>(receivers.values());
        }
        Map<DataReceiver, CompletableFuture<List<DataMessage>>> kept = new HashMap<>();
        Map<DataReceiver, CompletableFuture<DataStats>> stats = new HashMap<>();
        for (DataReceiver r : now) {
            if (!r.departed() && !r.stalled) {
                kept.put(r, r.client.peer.dataMessages());
                stats.put(r, r.client.peer.dataStats());
            }
        }
        for (Map.Entry<DataReceiver, CompletableFuture<List<DataMessage>>> e : kept.entrySet()) {
            try {
                List<DataMessage> messages = e.getValue().get(2, TimeUnit.SECONDS);
                DataStats dataStats = stats.get(e.getKey()).get(2, TimeUnit.SECONDS);
                e.getKey().take(messages, dataStats.messagesReceived());
                e.getKey().closed(dataStats.closedReason());
            } catch (Exception ignored) {
                // a peer that left or did not answer in time: read again next poll
            }
        }
    }

    /** Participants new since the last poll become receivers; those gone are marked departed. */
    private void followChurn() {
        List<LoadClient> present = participants.all();
        synchronized (receivers) {
            Map<LoadClient, Boolean> here = new IdentityHashMap<>();
            for (LoadClient c : present) {
                here.put(c, true);
                receivers.computeIfAbsent(c, this::receiver);
            }
            for (DataReceiver r : receivers.values()) {
                if (!here.containsKey(r.client)) {
                    r.depart();
                }
            }
            for (DataSender s : senders) {
                if (!here.containsKey(s.client)) {
                    s.depart();
                }
            }
        }
    }

    private DataReceiver receiver(LoadClient c) {
        Map<Integer, Long> owed = new HashMap<>();
        for (DataSender s : senders) {
            if (s.client != c && s.client.room.equals(c.room)) {
                owed.put(s.index, s.nextSequence());
            }
        }
        return new DataReceiver(c, senderIndex.getOrDefault(c, -1), stalled.contains(c), owed);
    }

    /** Everything sent and received so far. */
    DataTotals totals() {
        DataTotals.Sent sent = new DataTotals.Sent(0, 0, 0);
        for (DataSender s : senders) {
            sent = sent.plus(s.totals());
        }
        DataTotals.Received received = DataTotals.ZERO.received();
        synchronized (receivers) {
            for (DataReceiver r : receivers.values()) {
                received = received.plus(r.totals());
            }
        }
        return new DataTotals(sent, received);
    }

    /**
     * Stops sending, waits until every sent message was taken by its association and nothing more arrives, and
     * checks delivery: per receiver that stayed and read, and per sender of its room, the messages the sender's
     * association queued from the first one the receiver was owed, against those that arrived intact and in order.
     */
    DataDelivery finish() throws InterruptedException {
        if (!options.dataEnabled()) {
            return DataDelivery.NONE;
        }
        sendThread.shutdownNow();
        sendThread.awaitTermination(2, TimeUnit.SECONDS);
        for (DataSender s : senders) {
            s.awaitCompleted(2000);
        }
        long until = System.currentTimeMillis() + DRAIN_MAX_MILLIS;
        long last = -1;
        while (System.currentTimeMillis() < until) {
            Thread.sleep(2 * POLL_MILLIS + 50);
            long now = totals().received().messages();
            if (now == last && delivery().lost() == 0) {
                break;
            }
            last = now;
        }
        Thread.sleep(POLL_MILLIS);
        pollThread.shutdownNow();
        pollThread.awaitTermination(2, TimeUnit.SECONDS);
        return delivery();
    }

    private DataDelivery delivery() {
        List<DataReceiver> all;
        synchronized (receivers) {
            all = new ArrayList<>(receivers.values());
        }
        return DataDelivery.of(senders, all);
    }

    /** The first refusal reason a sender's association gave (null: none). */
    String lastRefusal() {
        for (DataSender s : senders) {
            if (s.lastRefusal() != null) {
                return s.lastRefusal();
            }
        }
        return null;
    }

    /** Participants still in the run whose association closed, and the last reason one gave (null: none). */
    Closed closed() {
        int count = 0;
        String last = null;
        synchronized (receivers) {
            for (DataReceiver r : receivers.values()) {
                // a churn leaver closes its own association ("peer closed") just before it leaves the list
                if (r.closedReason() != null && !r.departed()) {
                    count++;
                    last = r.closedReason();
                }
            }
        }
        return new Closed(count, last);
    }

    record Closed(int associations, String lastReason) {
        static final Closed NONE = new Closed(0, null);
    }

    @Override
    public void close() {
        sendThread.shutdownNow();
        pollThread.shutdownNow();
    }
}
