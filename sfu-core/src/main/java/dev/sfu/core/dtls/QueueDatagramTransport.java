package dev.sfu.core.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Bouncy Castle's view of the network: datagrams handed in by the event loop wait in a bounded queue
 * until the handshake thread asks for them; outgoing datagrams are copied and given to a
 * {@link DtlsSession.DatagramSender}.
 *
 * <p>Thread-safety: {@link #offer(byte[])}, {@link #close()} and {@link #isClosed()} may be called from
 * any thread; {@link #receive} and {@link #send} are called by the single thread that currently drives
 * Bouncy Castle. {@link #receive} never waits longer than BC asks, and throws as soon as the transport
 * is closed or the handshake deadline passed, so a handshake thread always returns.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** Bytes of a UDP payload we send: fits any path MTU seen by WebRTC (RFC 8261 §5 uses 1200 too). */
    static final int SEND_LIMIT = 1200;
    /** Larger than an Ethernet MTU, so a full-size record is never truncated. */
    static final int RECEIVE_LIMIT = 2048;
    static final int QUEUE_CAPACITY = 64;

    private static final byte[] WAKE_UP = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DtlsSession.DatagramSender sender;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** System.nanoTime() after which a receive fails the handshake; Long.MAX_VALUE when none. */
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean deadlineArmed;

    QueueDatagramTransport(DtlsSession.DatagramSender sender) {
        this.sender = sender;
    }

    /** Queues a datagram without blocking; returns false (and counts a drop) when full or closed. */
    boolean offer(byte[] datagram) {
        if (closed || !queue.offer(datagram)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    long droppedDatagrams() {
        return dropped.get();
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    boolean isClosed() {
        return closed;
    }

    void armDeadline(long timeoutMillis) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        deadlineArmed = true;
    }

    void disarmDeadline() {
        deadlineArmed = false;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
        long end = System.nanoTime() + waitNanos;
        while (true) {
            if (closed) {
                throw new TransportClosedException();
            }
            long now = System.nanoTime();
            if (deadlineArmed && now - deadlineNanos >= 0) {
                throw new TlsTimeoutException("handshake deadline passed");
            }
            long remaining = end - now;
            if (deadlineArmed) {
                remaining = Math.min(remaining, deadlineNanos - now);
            }
            byte[] datagram;
            try {
                datagram = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a datagram");
            }
            if (datagram == null) {
                if (end - System.nanoTime() <= 0) {
                    return -1;
                }
                continue; // woke for the deadline: the loop head reports it
            }
            if (datagram == WAKE_UP) {
                continue; // the loop head sees closed
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return; // e.g. the alert BC sends while aborting after close(): nobody listens any more
        }
        byte[] datagram = new byte[len];
        System.arraycopy(buf, off, datagram, 0, len);
        sender.send(datagram);
    }

    /** Marks the transport closed and wakes a waiting {@link #receive}. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queue.offer(WAKE_UP);
    }

    /** Thrown to the handshake thread once {@link #close()} ran. */
    static final class TransportClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        TransportClosedException() {
            super("DTLS transport closed");
        }
    }
}
