package dev.sfu.core.room;

import dev.sfu.core.data.OutgoingParts;
import dev.sfu.core.datachannel.DataChannel;
import dev.sfu.core.datachannel.DataChannelEndpoint;
import dev.sfu.core.model.DataChannelStats;
import dev.sfu.core.model.DataCounters;
import dev.sfu.core.model.DataDropReason;
import dev.sfu.core.model.DataLimits;
import dev.sfu.core.sctp.SctpAssociation;
import dev.sfu.core.sctp.SctpConfig;
import dev.sfu.core.sctp.SctpStats;
import dev.sfu.core.sctp.SendResult;
import dev.sfu.core.transport.ParticipantTransport;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One participant's data channels: the SCTP association over its DTLS (RFC 8261), the channels it opened with
 * DCEP, and what the relay asks of it as sender (grant, rate, where its messages are in their parts) and as
 * receiver (its {@code a=max-message-size}, its send budget, {@link DataReceiverState}).
 *
 * <pre>
 *   transport (DTLS record) -> onPacket -> SctpAssociation -> DataChannelEndpoint -> channel "reliable"/"lossy"
 *                                                                                -> {@link DataRelay}
 *   {@link DataRelay} -> send(reliable, message) -> the channel -> SctpAssociation -> transport (DTLS record)
 * </pre>
 *
 * <p>The association's send budget is {@link DataLimits#sendBudgetBytes()} plus one DISCARD part's worth, so the
 * relay's own check ({@link #canQueue}) governs and a DISCARD part still goes out when the budget is full.
 * Confined to the room's loop.
 */
final class ParticipantData implements DataChannelEndpoint.Listener {
    static final String RELIABLE_LABEL = "reliable";
    static final String LOSSY_LABEL = "lossy";
    private static final long DISCARD_SLACK_BYTES = 64 * 1024;
    private static final long REFUSAL_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Participant participant;
    private final DataRelay relay;
    private final RoomContext context;
    private final DataLimits limits;
    private final DataCounters counters;
    private final long maxMessageSize;
    private final DataRate rate;
    private final DataReceiverState receiverState = new DataReceiverState();
    private DataChannelEndpoint endpoint;
    private SctpAssociation association;
    private DataChannel reliable;
    private DataChannel lossy;
    private boolean reliableMidMessage;
    private long lastRefusalNanos = Long.MIN_VALUE;
    private boolean closed;
    private long messagesIn;
    private long bytesIn;
    private long messagesOut;
    private long bytesOut;
    private long dropped;

    /**
     * @param remoteMaxMessageSize the participant's {@code a=max-message-size} (0: no limit)
     */
    ParticipantData(Participant participant, DataRelay relay, RoomContext context, DataLimits limits,
            long remoteMaxMessageSize) {
        this.participant = participant;
        this.relay = relay;
        this.context = context;
        this.limits = limits;
        this.counters = context.counters().data();
        // Never more than the server takes itself: every part it relays is at most that, and the send budget must
        // hold the largest message (Firefox announces 1073741823; 0 means no limit).
        this.maxMessageSize = remoteMaxMessageSize <= 0 ? limits.maxMessageSize()
                : Math.min(remoteMaxMessageSize, limits.maxMessageSize());
        this.rate = new DataRate(limits, context.clock().nanos());
    }

    /** One DTLS application record from the participant: an SCTP packet. */
    void onPacket(ParticipantTransport transport, byte[] record) {
        if (closed) {
            return;
        }
        if (association == null) {
            open(transport);
        }
        association.handlePacket(Unpooled.wrappedBuffer(record));
    }

    private void open(ParticipantTransport transport) {
        // The default packet size (1160 bytes) fits one DTLS record in a 1200-byte datagram with every cipher
        // suite the server offers (AES-GCM: 1163 bytes of plaintext, ChaCha20-Poly1305: 1171).
        SctpConfig config = SctpConfig.defaults().withMessageLimits((int) limits.maxMessageSize(),
                (int) Math.max(1, maxMessageSize), limits.sendBudgetBytes() + DISCARD_SLACK_BYTES);
        endpoint = new DataChannelEndpoint(config, () -> context.clock().nanos(), context.scheduler()::schedule,
                transport::sendApplicationData, false, this);
        association = endpoint.association();
    }

    // ---- the endpoint's events ----

    @Override
    public void onChannelOpened(DataChannel channel) {
        if (RELIABLE_LABEL.equals(channel.label()) && reliable == null) {
            reliable = channel;
        } else if (LOSSY_LABEL.equals(channel.label()) && lossy == null) {
            lossy = channel;
        } else {
            counters.countDrop(DataDropReason.UNKNOWN_CHANNEL);
            channel.close();
        }
    }

    @Override
    public void onMessage(DataChannel channel, byte[] data, boolean binary) {
        if (channel == reliable || channel == lossy) {
            messagesIn++;
            bytesIn += data.length;
            relay.onClientMessage(participant, channel == reliable, data);
        }
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        if (channel == reliable) {
            reliable = null;
        } else if (channel == lossy) {
            lossy = null;
        }
    }

    @Override
    public void onClosed(String reason) {
        reliable = null;
        lossy = null;
    }

    // ---- as a sender ----

    /** Whether this part starts a message on its channel (the previous one had no MORE); records this one. */
    boolean startsMessage(boolean onReliable, boolean more) {
        if (!onReliable) {
            return true;
        }
        boolean first = !reliableMidMessage;
        reliableMidMessage = more;
        return first;
    }

    boolean withinRate(int bytes) {
        return rate.take(bytes, context.clock().nanos());
    }

    /** Tells the participant (over signaling) why a message was refused, at most once a second. */
    void refuse(String code, String message) {
        long now = context.clock().nanos();
        if (lastRefusalNanos != Long.MIN_VALUE && now - lastRefusalNanos < REFUSAL_INTERVAL_NANOS) {
            return;
        }
        lastRefusalNanos = now;
        participant.observer().dataRefused(code, message);
    }

    // ---- as a receiver ----

    boolean hasChannel(boolean onReliable) {
        return (onReliable ? reliable : lossy) != null;
    }

    /** The largest message sent to the participant: its a=max-message-size, at most the server's own limit. */
    long maxMessageSize() {
        return maxMessageSize;
    }

    DataReceiverState receiverState() {
        return receiverState;
    }

    /** Whether these messages fit the send budget now. */
    boolean canQueue(List<byte[]> messages) {
        long total = association == null ? 0 : association.bufferedAmount();
        for (byte[] message : messages) {
            total += message.length;
        }
        return total <= limits.sendBudgetBytes();
    }

    /** Queues one message on its channel; false when the association refused it (budget, state). */
    boolean send(boolean onReliable, byte[] message) {
        DataChannel channel = onReliable ? reliable : lossy;
        if (channel == null || channel.send(message, true) != SendResult.QUEUED) {
            dropped++;
            return false;
        }
        messagesOut++;
        bytesOut += message.length;
        return true;
    }

    /** A message meant for this participant that the relay did not send it (no channel, too large, budget). */
    void countDropped() {
        dropped++;
    }

    DataChannelStats stats() {
        List<String> labels = new ArrayList<>(2);
        if (reliable != null) {
            labels.add(RELIABLE_LABEL);
        }
        if (lossy != null) {
            labels.add(LOSSY_LABEL);
        }
        SctpStats sctp = association == null ? null : association.stats();
        return new DataChannelStats(labels, messagesIn, bytesIn, messagesOut, bytesOut, dropped,
                association == null ? 0 : association.bufferedAmount(),
                sctp == null ? 0 : sctp.retransmissions() + sctp.fastRetransmits(),
                association == null ? "NONE" : association.state().name());
    }

    /** The DISCARD part for {@code from}'s unfinished message; goes out even when the budget is full. */
    void sendDiscard(String from) {
        byte[] discard = OutgoingParts.discard(from);
        if (send(true, discard)) {
            counters.countOut(discard.length);
        }
    }

    /** The participant left: ends the association (ABORT) without waiting. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (association != null) {
            association.abort("participant left");
        }
    }
}
