package dev.sfu.peer;

import dev.sfu.core.data.DataEnvelope;
import dev.sfu.core.data.DataEnvelopeException;
import dev.sfu.core.data.OutgoingParts;
import dev.sfu.core.datachannel.DataChannel;
import dev.sfu.core.datachannel.DataChannelEndpoint;
import dev.sfu.core.sctp.SctpConfig;
import dev.sfu.core.sctp.SendResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java peer's data channels, run as the JavaScript library runs them (docs/protocol.md, "Data channels"): the
 * SCTP association as DTLS client (it sends INIT), the {@code reliable} and {@code lossy} channels opened with
 * DCEP, messages wrapped in the relay's envelope and cut into parts of at most {@code partLimit} bytes, and the
 * SFU's parts joined back per (channel, sender), a DISCARD part dropping what was joined so far.
 *
 * <pre>
 *   send(payload, to, topic, reliable) -> OutgoingParts.fromClient -> parts -> DataChannel -> SCTP -> DTLS
 *   DTLS record -> onPacket -> SCTP -> DataChannelEndpoint -> onMessage -> DataEnvelope -> join -> received
 * </pre>
 *
 * <p>Confined to the peer's event loop. Bounds: at most {@link #MAX_KEPT_MESSAGES} received messages are kept
 * (the oldest go), a message being joined at most {@link #MAX_JOINED_BYTES}.
 */
final class PeerDataChannels implements DataChannelEndpoint.Listener {
    static final int MAX_KEPT_MESSAGES = 10_000;
    static final int MAX_JOINED_BYTES = 16 << 20;

    private final DataChannelEndpoint endpoint;
    private final DataChannel reliable;
    private final DataChannel lossy;
    private final long partLimit;
    private final Deque<DataMessage> received = new ArrayDeque<>();
    private final Map<String, ByteArrayOutputStream> joining = new HashMap<>();
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private long receivedTotal;
    private long discarded;
    private long malformed;
    private String closedReason;
    private boolean stalled;

    /**
     * @param serverMaxMessageSize the SFU's a=max-message-size
     * @param partLimit the largest part this peer sends (at most the server's limit)
     */
    PeerDataChannels(EventLoop loop, ClientTransport transport, long serverMaxMessageSize, long partLimit) {
        this.partLimit = Math.min(partLimit, serverMaxMessageSize);
        SctpConfig defaults = SctpConfig.defaults();
        SctpConfig config = defaults.withMessageLimits((int) DataLine.DEFAULT_MAX_MESSAGE_SIZE,
                (int) Math.min(Integer.MAX_VALUE, serverMaxMessageSize),
                Math.max(defaults.sendBudget(), 4 * serverMaxMessageSize));
        endpoint = new DataChannelEndpoint(config, System::nanoTime,
                (task, delayNanos) -> loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                transport::sendApplicationData, true, this);
        reliable = endpoint.open("reliable", "", true, -1, -1);
        lossy = endpoint.open("lossy", "", false, 0, -1);
        endpoint.association().connect();
    }

    /** Completes once the SFU acknowledged both channels. */
    CompletableFuture<Void> open() {
        return open;
    }

    /** While stalled, what arrives is dropped unread (no SACK goes back): a receiver whose network died. */
    void stall(boolean on) {
        stalled = on;
    }

    void onPacket(byte[] record) {
        if (stalled) {
            return;
        }
        endpoint.association().handlePacket(Unpooled.wrappedBuffer(record));
    }

    /**
     * Sends a message to everyone else in the room ({@code to} empty) or to the named participants; the first
     * refusal of the association (its send budget full, ...) is returned, and the parts before it went out.
     */
    SendResult send(byte[] payload, List<String> to, String topic, boolean onReliable) {
        List<byte[]> parts = OutgoingParts.fromClient(to, topic, payload).forLimit(partLimit, onReliable);
        if (parts.isEmpty()) {
            return SendResult.TOO_LARGE;
        }
        DataChannel channel = onReliable ? reliable : lossy;
        for (byte[] part : parts) {
            SendResult result = channel.send(part, true);
            if (result != SendResult.QUEUED) {
                return result;
            }
        }
        return SendResult.QUEUED;
    }

    @Override
    public void onChannelOpened(DataChannel channel) {
        if (reliable.state() == DataChannel.State.OPEN && lossy.state() == DataChannel.State.OPEN) {
            open.complete(null);
        }
    }

    @Override
    public void onMessage(DataChannel channel, byte[] data, boolean binary) {
        DataEnvelope part;
        try {
            part = DataEnvelope.parse(data);
        } catch (DataEnvelopeException e) {
            malformed++;
            return;
        }
        boolean onReliable = channel == reliable;
        String key = (onReliable ? "r:" : "l:") + part.from();
        if (part.discard()) {
            joining.remove(key);
            discarded++;
            return;
        }
        ByteArrayOutputStream joined = joining.get(key);
        if (joined == null && !part.more()) {
            keep(new DataMessage(part.from(), part.topic(), onReliable, slice(part)));
            return;
        }
        if (joined == null) {
            joined = new ByteArrayOutputStream();
            joining.put(key, joined);
        }
        if (joined.size() + part.payloadLength() > MAX_JOINED_BYTES) {
            joining.remove(key);
            malformed++;
            return;
        }
        joined.write(part.message(), part.payloadOffset(), part.payloadLength());
        if (!part.more()) {
            joining.remove(key);
            keep(new DataMessage(part.from(), part.topic(), onReliable, joined.toByteArray()));
        }
    }

    private static byte[] slice(DataEnvelope part) {
        byte[] out = new byte[part.payloadLength()];
        System.arraycopy(part.message(), part.payloadOffset(), out, 0, out.length);
        return out;
    }

    private void keep(DataMessage message) {
        receivedTotal++;
        if (received.size() == MAX_KEPT_MESSAGES) {
            received.removeFirst();
        }
        received.addLast(message);
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
    }

    @Override
    public void onClosed(String reason) {
        closedReason = reason;
        open.completeExceptionally(new IllegalStateException("SCTP association closed: " + reason));
    }

    /** What arrived so far (at most the last {@link #MAX_KEPT_MESSAGES}), oldest first. */
    List<DataMessage> received() {
        return new ArrayList<>(received);
    }

    DataStats stats() {
        return new DataStats(receivedTotal, discarded, malformed, endpoint.association().bufferedAmount(),
                closedReason);
    }

    void close() {
        endpoint.association().abort("peer closed");
    }
}
