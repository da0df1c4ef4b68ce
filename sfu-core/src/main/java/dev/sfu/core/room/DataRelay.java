package dev.sfu.core.room;

import dev.sfu.core.data.DataEnvelope;
import dev.sfu.core.data.DataEnvelopeException;
import dev.sfu.core.data.OutgoingParts;
import dev.sfu.core.model.DataCounters;
import dev.sfu.core.model.DataDropReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays a room's data channel messages: what a participant sends on its {@code reliable} or {@code lossy}
 * channel reaches every other participant (or the ones its envelope names) on their channel of the same kind,
 * with the sender's id and topic in the header; what the backend sends over REST does the same without a
 * sender.
 *
 * <pre>
 *   sender's channel -> grant, rate -> DataEnvelope.parse -> OutgoingParts (header "from") -> per receiver:
 *      its a=max-message-size (split, reliable only) -> {@link DataReceiverState} (whole messages or none)
 *      -> {@link ParticipantData#send} (its SCTP send budget)
 * </pre>
 *
 * <p>A message may come in parts (the envelope's MORE flag). Each part is relayed as it arrives, so the server
 * never holds a whole large message; {@link DataReceiverState} keeps a receiver from getting a message with a
 * hole: once a part cannot go to a receiver (its budget is full, or the sender went over its rate), the rest of
 * that message is not sent to it either, and if it had parts already it gets a DISCARD part so it drops them.
 *
 * <p>Confined to the room's loop; allocates per message (data channels are not the media path).
 */
final class DataRelay {
    private final Room room;
    private final DataCounters counters;

    DataRelay(Room room, DataCounters counters) {
        this.room = room;
        this.counters = counters;
    }

    /** One message a participant sent on its {@code reliable} (true) or {@code lossy} channel. */
    void onClientMessage(Participant sender, boolean reliable, byte[] message) {
        counters.countIn(message.length);
        ParticipantData senderData = sender.data();
        if (!sender.permissions().publishData()) {
            counters.countDrop(DataDropReason.NOT_ALLOWED);
            senderData.refuse("data_not_allowed", "this participant's grant has no publishData: its data"
                    + " messages are dropped");
            return;
        }
        DataEnvelope part;
        try {
            part = DataEnvelope.parse(message);
        } catch (DataEnvelopeException e) {
            counters.countDrop(DataDropReason.MALFORMED);
            senderData.refuse("bad_data_message", e.getMessage());
            return;
        }
        if (!reliable && part.more()) {
            counters.countDrop(DataDropReason.MALFORMED);
            senderData.refuse("bad_data_message", "a message on the lossy channel must be a single part");
            return;
        }
        boolean first = senderData.startsMessage(reliable, part.more());
        boolean withinRate = senderData.withinRate(message.length);
        if (!withinRate) {
            counters.countDrop(DataDropReason.RATE_LIMITED);
            senderData.refuse("data_rate_limited", "data messages over the rate limit are dropped");
        }
        List<Participant> receivers = receivers(sender, part.to());
        deliver(sender.id(), receivers, reliable, first, part.more(), withinRate,
                OutgoingParts.relay(sender.id(), part));
    }

    /**
     * A message from the backend (REST), in one part, to everyone or to the named participants.
     *
     * @return how many receivers it was handed to
     */
    int publish(List<String> to, String topic, boolean reliable, byte[] payload) {
        counters.countIn(payload.length);
        return deliver(null, receivers(null, to), reliable, true, false, true,
                OutgoingParts.of(null, topic, false, payload, 0, payload.length));
    }

    private List<Participant> receivers(Participant sender, List<String> named) {
        List<Participant> receivers = new ArrayList<>();
        if (named.isEmpty()) {
            for (Participant participant : room.participants()) {
                if (participant != sender) {
                    receivers.add(participant);
                }
            }
            return receivers;
        }
        for (String id : named) {
            Participant participant = room.participant(id);
            if (participant == null || participant == sender) {
                counters.countDrop(DataDropReason.UNKNOWN_RECIPIENT);
            } else if (!receivers.contains(participant)) {
                receivers.add(participant);
            }
        }
        return receivers;
    }

    private int deliver(String from, List<Participant> receivers, boolean reliable, boolean first, boolean more,
            boolean senderOk, OutgoingParts parts) {
        int delivered = 0;
        for (Participant receiver : receivers) {
            ParticipantData data = receiver.data();
            if (data == null || !data.hasChannel(reliable)) {
                counters.countDrop(DataDropReason.NO_CHANNEL);
                if (data != null) {
                    data.countDropped();
                }
                continue;
            }
            List<byte[]> messages = parts.forLimit(data.maxMessageSize(), reliable);
            if (messages.isEmpty()) {
                counters.countDrop(DataDropReason.TOO_LARGE);
                data.countDropped();
                continue;
            }
            if (!reliable) {
                // Lossy: single parts, no joining to protect; a full budget just loses this one.
                if (sendAll(data, false, messages)) {
                    delivered++;
                }
                continue;
            }
            if (relayPart(data, from, first, more, senderOk, messages)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** A part on the reliable channel: whole messages only, see the class doc. */
    private boolean relayPart(ParticipantData data, String from, boolean first, boolean more, boolean senderOk,
            List<byte[]> messages) {
        boolean fits = senderOk && data.canQueue(messages);
        DataReceiverState.Decision decision = data.receiverState().decide(from, first, fits, more);
        if (decision == DataReceiverState.Decision.SEND) {
            return sendAll(data, true, messages);
        }
        if (senderOk) {
            counters.countDrop(DataDropReason.RECEIVER_BUFFER_FULL);
            data.countDropped();
        }
        if (decision == DataReceiverState.Decision.DROP_AND_DISCARD && !more) {
            data.sendDiscard(from);
        }
        return false;
    }

    private boolean sendAll(ParticipantData data, boolean reliable, List<byte[]> messages) {
        for (byte[] message : messages) {
            if (!data.send(reliable, message)) {
                counters.countDrop(DataDropReason.RECEIVER_BUFFER_FULL);
                return false;
            }
            counters.countOut(message.length);
        }
        return true;
    }
}
