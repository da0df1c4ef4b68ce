package dev.sfu.loadtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bad network (or a bad server) for tests: a UDP relay on 127.0.0.1 between the peers and the SFU's media
 * port. Each peer gets its own upstream socket, so the SFU sees distinct addresses as it would without the
 * relay. Toward the peers, a seeded fraction of SRTP packets (RTP, not RTCP) is dropped and another fraction
 * has one payload byte flipped, and {@link #stopForwardingTo} silences chosen peers for a while. ICE, DTLS and
 * RTCP pass untouched. Every thread stops on {@link #close()}.
 */
final class UdpRelay implements AutoCloseable {
    private static final Pattern CANDIDATE = Pattern.compile("(a=candidate:\\S+ 1 udp \\d+ 127\\.0\\.0\\.1 )(\\d+)");

    private final DatagramSocket front;
    private final double dropFraction;
    private final double corruptFraction;
    private final Random random = new Random(7);
    private final Map<InetSocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile InetSocketAddress server;
    private volatile boolean running = true;
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong corrupted = new AtomicLong();
    final AtomicLong relayed = new AtomicLong();
    final AtomicLong silenced = new AtomicLong();
    /** Peers the SFU sent RTP to (its subscribers), in the order it first did. */
    private final List<InetSocketAddress> rtpReceivers = new CopyOnWriteArrayList<>();
    private volatile Set<InetSocketAddress> silencedPeers = Set.of();
    private volatile long silencedUntilNanos;

    UdpRelay(double dropFraction, double corruptFraction) throws SocketException {
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.front.setSoTimeout(200);
        this.dropFraction = dropFraction;
        this.corruptFraction = corruptFraction;
        start("relay-front", this::frontLoop);
    }

    /** Rewrites the SFU's host candidate in an answer to the relay's port, learning the SFU's port from it. */
    String rewriteAnswer(String sdp) {
        Matcher m = CANDIDATE.matcher(sdp);
        if (!m.find()) {
            return sdp;
        }
        if (server == null) {
            server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(2)));
        }
        return m.replaceAll("$1" + front.getLocalPort());
    }

    /**
     * For the next {@code millis}, drops every RTP packet toward the first {@code count} peers the SFU sent RTP to,
     * as a server that stops forwarding to some subscribers; their ICE, DTLS and RTCP still pass, so their
     * sessions stay up. Returns the peers silenced.
     */
    List<InetSocketAddress> stopForwardingTo(int count, long millis) {
        List<InetSocketAddress> peers = List.copyOf(rtpReceivers.subList(0, Math.min(count, rtpReceivers.size())));
        silencedUntilNanos = System.nanoTime() + millis * 1_000_000;
        silencedPeers = Set.copyOf(peers);
        return peers;
    }

    private void start(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    private void frontLoop() {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            InetSocketAddress peer = (InetSocketAddress) p.getSocketAddress();
            InetSocketAddress target = server;
            if (target == null) {
                continue;
            }
            try {
                upstream(peer).send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), target));
            } catch (IOException e) {
                // the SFU's port is gone: the run is ending
            }
        }
    }

    private DatagramSocket upstream(InetSocketAddress peer) throws SocketException {
        DatagramSocket existing = upstreams.get(peer);
        if (existing != null) {
            return existing;
        }
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(200);
        upstreams.put(peer, socket);
        start("relay-" + peer.getPort(), () -> backLoop(socket, peer));
        return socket;
    }

    private void backLoop(DatagramSocket socket, InetSocketAddress peer) {
        byte[] buf = new byte[2048];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            int first = buf[0] & 0xFF;
            int second = buf[1] & 0xFF;
            boolean srtp = first >= 128 && first <= 191 && p.getLength() > 40 && (second < 192 || second > 223);
            if (srtp && !rtpReceivers.contains(peer)) {
                rtpReceivers.add(peer);
            }
            if (srtp && silencedPeers.contains(peer) && System.nanoTime() < silencedUntilNanos) {
                silenced.incrementAndGet();
                continue;
            }
            if (srtp) {
                double roll;
                synchronized (random) {
                    roll = random.nextDouble();
                }
                if (roll < dropFraction) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (roll < dropFraction + corruptFraction) {
                    buf[20] ^= 0x5A;
                    corrupted.incrementAndGet();
                }
            }
            try {
                front.send(new DatagramPacket(buf, 0, p.getLength(), peer));
                relayed.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        front.close();
        for (DatagramSocket s : upstreams.values()) {
            s.close();
        }
        synchronized (threads) {
            for (Thread t : threads) {
                t.join(2000);
            }
        }
    }
}
