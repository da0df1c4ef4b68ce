package dev.sfu.core.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bouncycastle.tls.DTLSTransport;

/**
 * A connected {@link DtlsSession}'s records after the handshake, both ways. Incoming datagrams go to Bouncy Castle,
 * so it can answer a retransmitted final flight and notice close_notify, and the application data it returns (SCTP
 * packets) goes to {@code deliver}; queued outgoing application records are encrypted and sent.
 *
 * <p>Concurrency: every Bouncy Castle call here runs under the session's lock, in one task at a time on the
 * executor (its record layer is not meant for concurrent use); a task handles at most {@value #RECORDS_PER_TASK}
 * records each way, then yields the executor to other sessions and schedules itself again. {@link #send} and
 * {@link #schedule} are thread-safe and never block.
 *
 * <p>Bounds: outgoing records wait in a queue of {@value #SEND_QUEUE_CAPACITY}; beyond it they are dropped and
 * counted (SCTP above retransmits). Incoming datagrams wait in the session's {@link QueueDatagramTransport}.
 */
final class RecordPump {
    /** Outgoing application records waiting for the executor: a bound, not a buffer. */
    static final int SEND_QUEUE_CAPACITY = 256;
    private static final int RECORDS_PER_TASK = 32;

    private final Object lock;
    private final Supplier<DTLSTransport> connected;
    private final QueueDatagramTransport transport;
    private final Executor executor;
    private final Consumer<byte[]> deliver;
    private final AtomicBoolean running = new AtomicBoolean();
    private final BlockingQueue<byte[]> outbound = new ArrayBlockingQueue<>(SEND_QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param lock the session's lock, held around every Bouncy Castle call
     * @param connected the session's transport, or null when it is not (or no longer) connected
     * @param deliver gets each application record (a fresh array) on the executor's thread
     */
    RecordPump(Object lock, Supplier<DTLSTransport> connected, QueueDatagramTransport transport, Executor executor,
            Consumer<byte[]> deliver) {
        this.lock = lock;
        this.connected = connected;
        this.transport = transport;
        this.executor = executor;
        this.deliver = deliver;
    }

    /** Queues a record to send; false (counted) when the queue is full. The array is owned by the pump. */
    boolean send(byte[] record) {
        if (!outbound.offer(record)) {
            dropped.incrementAndGet();
            return false;
        }
        schedule();
        return true;
    }

    /** A record refused before it reached the pump (the session not connected). */
    void countDropped() {
        dropped.incrementAndGet();
    }

    long dropped() {
        return dropped.get();
    }

    /** Makes sure a task runs for what is pending (incoming datagrams, outgoing records). */
    void schedule() {
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                running.set(false);
            }
        }
    }

    private void run() {
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        try {
            for (int i = 0; i < RECORDS_PER_TASK && transport.hasPending(); i++) {
                int n;
                synchronized (lock) {
                    DTLSTransport dtls = connected.get();
                    if (dtls == null) {
                        return;
                    }
                    n = dtls.receive(buf, 0, buf.length, 1);
                }
                if (n > 0) {
                    deliver.accept(Arrays.copyOf(buf, n));
                }
            }
            for (int i = 0; i < RECORDS_PER_TASK; i++) {
                byte[] record = outbound.poll();
                if (record == null) {
                    break;
                }
                synchronized (lock) {
                    DTLSTransport dtls = connected.get();
                    if (dtls == null) {
                        return;
                    }
                    dtls.send(record, 0, record.length);
                }
            }
        } catch (IOException | RuntimeException e) {
            transport.close(); // the peer closed or the record layer failed: the association is over
            outbound.clear();
        } finally {
            running.set(false);
            if ((transport.hasPending() || !outbound.isEmpty()) && connected.get() != null && !transport.isClosed()) {
                schedule();
            }
        }
    }
}
