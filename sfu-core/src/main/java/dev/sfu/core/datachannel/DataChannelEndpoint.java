package dev.sfu.core.datachannel;

import dev.sfu.core.sctp.DataChannelAck;
import dev.sfu.core.sctp.DataChannelOpen;
import dev.sfu.core.sctp.DataChannelType;
import dev.sfu.core.sctp.DcepMessage;
import dev.sfu.core.sctp.PayloadProtocolIdentifier;
import dev.sfu.core.sctp.SctpAssociation;
import dev.sfu.core.sctp.SctpConfig;
import dev.sfu.core.sctp.SctpException;
import dev.sfu.core.sctp.SctpTimer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The data channels of one peer connection: owns its {@link SctpAssociation} and runs DCEP (RFC 8832) on it.
 * A DATA_CHANNEL_OPEN from the peer creates a channel, answered with DATA_CHANNEL_ACK (§6); {@link #open}
 * picks a stream id of our parity (RFC 8832 §6: the DTLS client even, the server odd) and sends OPEN. User
 * messages are PPID 51/53 (56/57 empty); the deprecated partial PPIDs 52/54 (RFC 8831 §8) are joined up to
 * the max message size. A stream reset by the peer closes its channel, after we reset our side too
 * (RFC 8831 §6.7).
 *
 * <p>Concurrency: confined to the association's thread (its event loop), as the association is.
 * Bounds: at most one channel per stream id (the association's stream count).
 */
public final class DataChannelEndpoint {
    /** What the endpoint reports, on the association's thread. */
    public interface Listener {
        default void onEstablished() {}

        void onChannelOpened(DataChannel channel);

        void onMessage(DataChannel channel, byte[] data, boolean binary);

        void onChannelClosed(DataChannel channel);

        void onClosed(String reason);
    }

    /** Stream ids are 16-bit; 65535 is not a valid one (RFC 8831 §6.4: 0-65534). */
    private static final int MAX_STREAM_ID = 65534;
    /** Deprecated PPIDs (RFC 8831 §8): parts of a larger message, ended by a 51 or 53 part. */
    private static final long STRING_PARTIAL = 54;
    private static final long BINARY_PARTIAL = 52;

    private final SctpAssociation association;
    private final boolean dtlsClient;
    private final int maxMessageSize;
    private final Listener listener;
    private final Map<Integer, DataChannel> channels = new TreeMap<>();
    private int nextId;
    private long droppedMessages;

    /**
     * @param dtlsClient whether we are the DTLS client (even stream ids, and we call {@code connect})
     */
    public DataChannelEndpoint(SctpConfig config, LongSupplier nanoClock, SctpTimer timer,
            SctpAssociation.Output output, boolean dtlsClient, Listener listener) {
        this.association = new SctpAssociation(config, nanoClock, timer, output, new AssociationEvents());
        this.dtlsClient = dtlsClient;
        this.maxMessageSize = config.maxIncomingMessageSize();
        this.listener = listener;
        this.nextId = dtlsClient ? 0 : 1;
    }

    public SctpAssociation association() {
        return association;
    }

    public Collection<DataChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /** Messages dropped: unknown stream or PPID, malformed DCEP, a deprecated partial message too large. */
    public long droppedMessages() {
        return droppedMessages;
    }

    /**
     * Opens a channel (RFC 8832 §6): a free stream id of our parity, then DATA_CHANNEL_OPEN (sent once the
     * association is up). {@code maxRetransmits} and {@code maxLifetimeMillis}: -1 for none, at most one set.
     *
     * @throws IllegalStateException when every stream id of our parity is taken
     */
    public DataChannel open(String label, String protocol, boolean ordered, long maxRetransmits,
            long maxLifetimeMillis) {
        if (maxRetransmits >= 0 && maxLifetimeMillis >= 0) {
            throw new IllegalArgumentException("maxRetransmits and maxLifetime exclude each other");
        }
        DataChannelType type;
        if (maxRetransmits >= 0) {
            type = ordered ? DataChannelType.PARTIAL_RELIABLE_REXMIT : DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED;
        } else if (maxLifetimeMillis >= 0) {
            type = ordered ? DataChannelType.PARTIAL_RELIABLE_TIMED : DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED;
        } else {
            type = ordered ? DataChannelType.RELIABLE : DataChannelType.RELIABLE_UNORDERED;
        }
        long parameter = Math.max(0, Math.max(maxRetransmits, maxLifetimeMillis));
        DataChannel channel = new DataChannel(this, freeId(), label, protocol, type, parameter, 0,
                DataChannel.State.CONNECTING);
        channels.put(channel.id(), channel);
        if (association.state() == SctpAssociation.State.ESTABLISHED) {
            sendOpen(channel);
        }
        return channel;
    }

    private int freeId() {
        for (int tries = 0; tries <= MAX_STREAM_ID / 2; tries++) {
            int id = nextId;
            nextId = nextId + 2 > MAX_STREAM_ID ? (dtlsClient ? 0 : 1) : nextId + 2;
            if (!channels.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("every stream id of our parity is in use");
    }

    private void sendOpen(DataChannel channel) {
        DataChannelOpen open = new DataChannelOpen(channel.reliabilityType(), channel.priority(),
                channel.reliabilityParameter(), channel.label(), channel.protocol());
        sendDcep(channel.id(), open);
    }

    private void sendDcep(int streamId, DcepMessage message) {
        byte[] bytes = new byte[message.encodedLength()];
        ByteBuf out = Unpooled.wrappedBuffer(bytes).writerIndex(0);
        try {
            message.writeTo(out);
        } finally {
            out.release();
        }
        // DCEP messages go ordered and reliable (RFC 8832 §6)
        association.send(streamId, PayloadProtocolIdentifier.DCEP, bytes, false, -1, -1);
    }

    void close(DataChannel channel) {
        if (channel.state == DataChannel.State.CLOSING || channel.state == DataChannel.State.CLOSED) {
            return;
        }
        channel.state = DataChannel.State.CLOSING;
        association.resetStreams(channel.id());
    }

    private void onMessage(int streamId, long ppid, byte[] payload) {
        if (ppid == PayloadProtocolIdentifier.DCEP) {
            onDcep(streamId, payload);
            return;
        }
        DataChannel channel = channels.get(streamId);
        if (channel == null || channel.state == DataChannel.State.CLOSED) {
            droppedMessages++;
            return;
        }
        if (channel.state == DataChannel.State.CONNECTING) {
            opened(channel); // RFC 8832 §6: a user message from the peer implies its ACK
        }
        if (ppid == PayloadProtocolIdentifier.STRING || ppid == PayloadProtocolIdentifier.BINARY) {
            listener.onMessage(channel, channel.completePartial(payload), ppid == PayloadProtocolIdentifier.BINARY);
        } else if (ppid == PayloadProtocolIdentifier.STRING_EMPTY || ppid == PayloadProtocolIdentifier.BINARY_EMPTY) {
            listener.onMessage(channel, new byte[0], ppid == PayloadProtocolIdentifier.BINARY_EMPTY);
        } else if (ppid == STRING_PARTIAL || ppid == BINARY_PARTIAL) {
            if (!channel.appendPartial(payload, maxMessageSize)) {
                droppedMessages++;
            }
        } else {
            droppedMessages++;
        }
    }

    private void onDcep(int streamId, byte[] payload) {
        DcepMessage message;
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            message = DcepMessage.parse(in);
        } catch (SctpException e) {
            droppedMessages++;
            return;
        } finally {
            in.release();
        }
        DataChannel existing = channels.get(streamId);
        if (message instanceof DataChannelAck) {
            if (existing != null && existing.state == DataChannel.State.CONNECTING) {
                opened(existing);
            }
            return;
        }
        DataChannelOpen open = (DataChannelOpen) message;
        boolean peerParity = (streamId % 2 == 0) != dtlsClient;
        if (existing != null || !peerParity) {
            droppedMessages++; // a second OPEN on a stream in use, or on one of our ids: ignored
            return;
        }
        DataChannel channel = new DataChannel(this, streamId, open.label(), open.protocol(), open.channelType(),
                open.reliabilityParameter(), open.priority(), DataChannel.State.OPEN);
        channels.put(streamId, channel);
        sendDcep(streamId, new DataChannelAck());
        listener.onChannelOpened(channel);
    }

    private void opened(DataChannel channel) {
        channel.state = DataChannel.State.OPEN;
        listener.onChannelOpened(channel);
    }

    private void onIncomingReset(int[] streamIds) {
        Collection<Integer> ids = new ArrayList<>();
        if (streamIds.length == 0) {
            ids.addAll(channels.keySet()); // every stream was reset
        } else {
            for (int id : streamIds) {
                ids.add(id);
            }
        }
        for (int id : ids) {
            DataChannel channel = channels.remove(id);
            if (channel == null) {
                continue;
            }
            if (channel.state != DataChannel.State.CLOSING) {
                association.resetStreams(id); // RFC 8831 §6.7: the other side resets its outgoing stream too
            }
            channel.state = DataChannel.State.CLOSED;
            listener.onChannelClosed(channel);
        }
    }

    /** The association's events, turned into channel events. */
    private final class AssociationEvents implements SctpAssociation.Listener {
        @Override
        public void onEstablished() {
            for (DataChannel channel : channels.values()) {
                if (channel.state == DataChannel.State.CONNECTING) {
                    sendOpen(channel);
                }
            }
            listener.onEstablished();
        }

        @Override
        public void onMessage(int streamId, long ppid, byte[] payload) {
            DataChannelEndpoint.this.onMessage(streamId, ppid, payload);
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            onIncomingReset(streamIds);
        }

        @Override
        public void onClosed(String reason) {
            for (DataChannel channel : new ArrayList<>(channels.values())) {
                channel.state = DataChannel.State.CLOSED;
                listener.onChannelClosed(channel);
            }
            channels.clear();
            listener.onClosed(reason);
        }
    }
}
