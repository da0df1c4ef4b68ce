package dev.sfu.core.datachannel;

import dev.sfu.core.sctp.DataChannelType;
import dev.sfu.core.sctp.PayloadProtocolIdentifier;
import dev.sfu.core.sctp.SendResult;
import java.io.ByteArrayOutputStream;

/**
 * One data channel (RFC 8831 §6.4): a stream id used both ways, with the label, protocol, priority and
 * reliability its DATA_CHANNEL_OPEN gave (RFC 8832 §5.1). Confined to the association's thread.
 */
public final class DataChannel {
    public enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private final DataChannelEndpoint endpoint;
    private final int id;
    private final String label;
    private final String protocol;
    private final DataChannelType type;
    private final long reliabilityParameter;
    private final int priority;
    State state;
    /** deprecated partial messages (PPID 52/54, RFC 8831 §8) joined until their last part; bounded */
    private ByteArrayOutputStream partial;

    DataChannel(DataChannelEndpoint endpoint, int id, String label, String protocol, DataChannelType type,
            long reliabilityParameter, int priority, State state) {
        this.endpoint = endpoint;
        this.id = id;
        this.label = label;
        this.protocol = protocol;
        this.type = type;
        this.reliabilityParameter = reliabilityParameter;
        this.priority = priority;
        this.state = state;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    public boolean ordered() {
        return !type.unordered();
    }

    public DataChannelType reliabilityType() {
        return type;
    }

    /** Retransmissions (REXMIT types) or lifetime in ms (TIMED types); 0 for reliable channels. */
    public long reliabilityParameter() {
        return reliabilityParameter;
    }

    public int priority() {
        return priority;
    }

    public State state() {
        return state;
    }

    /**
     * Sends one message: PPID 53 binary or 51 string (57/56 for an empty one, which carries one zero byte,
     * RFC 8831 §6.6), with the channel's reliability. Until the peer's ACK, messages go ordered
     * (RFC 8832 §6) so they cannot overtake the DATA_CHANNEL_OPEN.
     */
    public SendResult send(byte[] data, boolean binary) {
        if (state != State.OPEN && state != State.CONNECTING) {
            return SendResult.NOT_ESTABLISHED;
        }
        long ppid = data.length == 0
                ? (binary ? PayloadProtocolIdentifier.BINARY_EMPTY : PayloadProtocolIdentifier.STRING_EMPTY)
                : (binary ? PayloadProtocolIdentifier.BINARY : PayloadProtocolIdentifier.STRING);
        byte[] payload = data.length == 0 ? new byte[1] : data;
        boolean unordered = type.unordered() && state == State.OPEN;
        long maxRetransmits = switch (type) {
            case PARTIAL_RELIABLE_REXMIT, PARTIAL_RELIABLE_REXMIT_UNORDERED -> reliabilityParameter;
            default -> -1;
        };
        long maxLifetime = switch (type) {
            case PARTIAL_RELIABLE_TIMED, PARTIAL_RELIABLE_TIMED_UNORDERED -> reliabilityParameter;
            default -> -1;
        };
        return endpoint.association().send(id, ppid, payload, unordered, maxRetransmits, maxLifetime);
    }

    /** Closes the channel (RFC 8831 §6.7): resets our outgoing stream; closed once the peer resets its own. */
    public void close() {
        endpoint.close(this);
    }

    /** Appends a deprecated partial part; false when the joined message would pass {@code limit}. */
    boolean appendPartial(byte[] part, int limit) {
        if (partial == null) {
            partial = new ByteArrayOutputStream();
        }
        if (partial.size() + part.length > limit) {
            partial = null;
            return false;
        }
        partial.writeBytes(part);
        return true;
    }

    /** The joined message ending with {@code last}, or {@code last} itself when nothing was pending. */
    byte[] completePartial(byte[] last) {
        if (partial == null) {
            return last;
        }
        partial.writeBytes(last);
        byte[] message = partial.toByteArray();
        partial = null;
        return message;
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + type + " " + state + "]";
    }
}
