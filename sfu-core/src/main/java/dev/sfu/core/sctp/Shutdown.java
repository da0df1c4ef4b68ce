package dev.sfu.core.sctp;

/**
 * The graceful close of RFC 9260 §9.2: SHUTDOWN once our queued data is acknowledged, SHUTDOWN ACK once
 * the peer's SHUTDOWN found us idle, SHUTDOWN COMPLETE to end; T2-shutdown retransmits SHUTDOWN or
 * SHUTDOWN ACK, each expiry counting toward the association's error limit. Confined to the association's
 * thread.
 */
final class Shutdown {
    private final SctpAssociation association;

    Shutdown(SctpAssociation association) {
        this.association = association;
    }

    void start() {
        switch (association.state) {
            case ESTABLISHED -> association.state = SctpAssociation.State.SHUTDOWN_PENDING;
            case COOKIE_WAIT, COOKIE_ECHOED -> association.abort("shutdown before the association was up");
            case CLOSED -> association.close("shutdown before the association was up");
            default -> { } // already shutting down
        }
    }

    /** After every step: the next chunk of the shutdown once our side has nothing left to send. */
    void progress() {
        SctpAssociation.State state = association.state;
        if (!association.sender.idle()) {
            return;
        }
        if (state == SctpAssociation.State.SHUTDOWN_PENDING) {
            association.state = SctpAssociation.State.SHUTDOWN_SENT;
            sendShutdown();
        } else if (state == SctpAssociation.State.SHUTDOWN_RECEIVED) {
            association.state = SctpAssociation.State.SHUTDOWN_ACK_SENT;
            sendShutdownAck();
        }
    }

    void onShutdown(ShutdownChunk chunk) {
        association.sender.onCumulativeAck(chunk.cumulativeTsnAck(), association.clock.getAsLong());
        switch (association.state) {
            case ESTABLISHED, SHUTDOWN_PENDING -> association.state = SctpAssociation.State.SHUTDOWN_RECEIVED;
            case SHUTDOWN_SENT -> { // both sides shut down at once (§9.2)
                association.state = SctpAssociation.State.SHUTDOWN_ACK_SENT;
                sendShutdownAck();
            }
            default -> { }
        }
    }

    void onShutdownAck() {
        SctpAssociation.State state = association.state;
        if (state == SctpAssociation.State.SHUTDOWN_SENT || state == SctpAssociation.State.SHUTDOWN_ACK_SENT) {
            association.writer.add(new ShutdownCompleteChunk(false));
            association.writer.flush();
            association.close("shutdown complete");
        }
    }

    void onShutdownComplete() {
        if (association.state == SctpAssociation.State.SHUTDOWN_ACK_SENT) {
            association.close("shutdown complete");
        }
    }

    /** §9.2: in SHUTDOWN-SENT every packet with DATA is answered with SHUTDOWN (and T2 restarts). */
    void onDataReceived() {
        if (association.state == SctpAssociation.State.SHUTDOWN_SENT) {
            sendShutdown();
        }
    }

    void onT2Expiry() {
        SctpAssociation.State state = association.state;
        if (state != SctpAssociation.State.SHUTDOWN_SENT && state != SctpAssociation.State.SHUTDOWN_ACK_SENT) {
            return;
        }
        association.rto.backOff();
        association.onError("SHUTDOWN");
        if (association.terminated()) {
            return;
        }
        if (state == SctpAssociation.State.SHUTDOWN_SENT) {
            sendShutdown();
        } else {
            sendShutdownAck();
        }
    }

    private void sendShutdown() {
        long cumulativeTsn = association.receiver.tracker().cumulativeTsn();
        association.writer.add(new ShutdownChunk(SerialNumbers.wrapTsn(cumulativeTsn)));
        association.t2.start(association.rto.rto());
    }

    private void sendShutdownAck() {
        association.writer.add(new ShutdownAckChunk());
        association.t2.start(association.rto.rto());
    }
}
