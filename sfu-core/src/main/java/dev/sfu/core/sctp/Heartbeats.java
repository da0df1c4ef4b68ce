package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;

/**
 * Path heartbeats (RFC 9260 §8.3): every HB.interval plus RTO, a HEARTBEAT when no DATA is in flight (T3
 * watches the peer then); its info carries the send time and a random nonce, so the HEARTBEAT ACK gives an
 * RTT sample and cannot be forged by replay. A heartbeat unanswered by the next interval counts toward the
 * association's error limit. One heartbeat outstanding at most. Confined to the association's thread.
 */
final class Heartbeats {
    private static final int INFO_LENGTH = 16;

    private final SctpAssociation association;
    private final SecureRandom random;
    private final TimerSlot timer;
    /** the outstanding heartbeat's nonce; -1 when none is */
    private long nonce = -1;

    Heartbeats(SctpAssociation association, SecureRandom random, TimerSlot timer) {
        this.association = association;
        this.random = random;
        this.timer = timer;
    }

    void start() {
        timer.start(SctpAssociation.millis(association.config.heartbeatIntervalMillis()));
    }

    void stop() {
        timer.stop();
        nonce = -1;
    }

    void onTimer() {
        if (nonce >= 0) {
            nonce = -1;
            association.rto.backOff();
            association.onError("HEARTBEAT");
            if (association.terminated()) {
                return;
            }
        }
        if (!association.t3.running()) {
            nonce = random.nextLong() & Long.MAX_VALUE;
            byte[] info = new byte[INFO_LENGTH];
            Unpooled.wrappedBuffer(info).setLong(0, association.clock.getAsLong()).setLong(8, nonce);
            association.writer.add(new HeartbeatChunk(Bytes.wrap(info)));
        }
        timer.start(SctpAssociation.millis(association.config.heartbeatIntervalMillis()) + association.rto.rto());
    }

    void onAck(HeartbeatAckChunk ack) {
        byte[] info = ack.heartbeatInformation().array();
        if (info.length != INFO_LENGTH || nonce < 0) {
            return;
        }
        ByteBuf view = Unpooled.wrappedBuffer(info);
        if (view.getLong(8) == nonce) {
            nonce = -1;
            association.rto.onRttSample(association.clock.getAsLong() - view.getLong(0));
            association.peerResponded();
        }
    }
}
