package dev.sfu.core.sctp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hands each chunk of one received packet to the part of the association that handles it, after the
 * verification tag rules of RFC 9260 §8.5 (INIT with tag 0 and alone; ABORT and SHUTDOWN COMPLETE with our
 * tag, or the peer's when the T bit says it was reflected; COOKIE ECHO checked against its cookie; every
 * other chunk with our tag). A packet that fails them is dropped whole. Unknown chunks follow their upper
 * two type bits (§3.2): 00/01 stop the packet, 10/11 skip the chunk. Confined to the association's thread.
 */
final class PacketDispatcher {
    private final SctpAssociation association;
    private final Handshake handshake;
    private final Shutdown shutdown;

    PacketDispatcher(SctpAssociation association, Handshake handshake, Shutdown shutdown) {
        this.association = association;
        this.handshake = handshake;
        this.shutdown = shutdown;
    }

    void dispatch(SctpPacket packet) {
        long tag = packet.verificationTag();
        boolean hadData = false;
        for (Chunk chunk : packet.chunks()) {
            if (association.terminated()) {
                return;
            }
            if (!tagAccepted(chunk, tag, packet.chunks().size())) {
                association.counters.drop(SctpDropReason.BAD_VERIFICATION_TAG);
                return;
            }
            if (chunk instanceof InitChunk init) {
                handshake.onInit(init);
            } else if (chunk instanceof InitAckChunk ack) {
                handshake.onInitAck(ack);
            } else if (chunk instanceof CookieEchoChunk echo) {
                handshake.onCookieEcho(echo, tag);
            } else if (chunk instanceof CookieAckChunk) {
                handshake.onCookieAck();
            } else if (chunk instanceof AbortChunk abort) {
                association.close("ABORT received" + describe(abort.causes()));
            } else if (chunk instanceof UnknownChunk unknown) {
                association.counters.drop(SctpDropReason.UNKNOWN_CHUNK);
                if (unknown.actionBits() < 2) {
                    return;
                }
            } else if (association.receiver == null) {
                association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK); // needs an established association
            } else {
                hadData |= onEstablishedChunk(chunk);
            }
        }
        if (hadData && !association.terminated()) {
            association.receiver.tracker().packetWithDataReceived();
            shutdown.onDataReceived();
        }
    }

    /** A chunk that needs the established state; true for DATA. */
    private boolean onEstablishedChunk(Chunk chunk) {
        if (chunk instanceof DataChunk data) {
            onData(data);
            return true;
        } else if (chunk instanceof SackChunk sack) {
            if (association.sender.onSack(sack, association.clock.getAsLong())) {
                association.peerResponded();
            }
        } else if (chunk instanceof HeartbeatChunk heartbeat) {
            association.writer.add(new HeartbeatAckChunk(heartbeat.heartbeatInformation()));
        } else if (chunk instanceof HeartbeatAckChunk ack) {
            association.heartbeats.onAck(ack);
        } else if (chunk instanceof ForwardTsnChunk forward) {
            association.receiver.onForwardTsn(forward);
        } else if (chunk instanceof ReConfigChunk reconfig) {
            association.resets.onReConfig(reconfig, association.writer);
        } else if (chunk instanceof ShutdownChunk shutdownChunk) {
            shutdown.onShutdown(shutdownChunk);
        } else if (chunk instanceof ShutdownAckChunk) {
            shutdown.onShutdownAck();
        } else if (chunk instanceof ShutdownCompleteChunk) {
            shutdown.onShutdownComplete();
        }
        // ERROR chunks: nothing we send needs their reports
        return false;
    }

    private void onData(DataChunk data) {
        SctpAssociation.State state = association.state;
        if (state == SctpAssociation.State.SHUTDOWN_RECEIVED || state == SctpAssociation.State.SHUTDOWN_ACK_SENT) {
            association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK); // §9.2: no new data after SHUTDOWN
            return;
        }
        if (data.userData().length() == 0) {
            association.abort("DATA chunk without user data"); // §6.2: ABORT with No User Data
            return;
        }
        switch (association.receiver.onData(data)) {
            case TOO_LARGE -> association.abort("message larger than max-message-size "
                    + association.config.maxIncomingMessageSize());
            case INVALID_STREAM -> {
                byte[] info = {(byte) (data.streamIdentifier() >> 8), (byte) data.streamIdentifier(), 0, 0};
                association.writer.add(new ErrorChunk(List.of(
                        new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER, Bytes.wrap(info)))));
            }
            default -> { }
        }
    }

    private boolean tagAccepted(Chunk chunk, long tag, int chunkCount) {
        long localTag = handshake.localTag();
        if (chunk instanceof InitChunk) {
            return tag == 0 && chunkCount == 1; // §8.5.1 A
        }
        if (chunk instanceof CookieEchoChunk) {
            return true; // Handshake checks it against the tag inside the cookie (§5.1.5)
        }
        boolean reflected = chunk instanceof AbortChunk abort && abort.tagReflected()
                || chunk instanceof ShutdownCompleteChunk complete && complete.tagReflected();
        if (reflected) {
            return handshake.peerTag() != 0 && tag == handshake.peerTag(); // §8.5.1 B/C
        }
        return localTag != 0 && tag == localTag;
    }

    private static String describe(List<ErrorCause> causes) {
        StringBuilder text = new StringBuilder();
        for (ErrorCause cause : causes) {
            text.append(text.length() == 0 ? ": " : ", ").append("cause ").append(cause.code());
            if (cause.code() == ErrorCause.USER_INITIATED_ABORT && cause.information().length() > 0) {
                text.append(" ").append(new String(cause.information().array(), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }
}
