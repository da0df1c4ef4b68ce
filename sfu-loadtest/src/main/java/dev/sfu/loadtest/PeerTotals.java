package dev.sfu.loadtest;

import dev.sfu.peer.InboundStreamStats;
import dev.sfu.peer.PeerStats;

/** Sums over a set of peers at one moment (or over the subscribers that churn took away). */
record PeerTotals(long sentPackets, long sentBytes, long receivedPackets, long receivedBytes, long missing,
        long corrupt, long srtpFailures, long unknownSsrc, long plis, long keyframes) {
    static final PeerTotals ZERO = new PeerTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    PeerTotals minus(PeerTotals o) {
        return new PeerTotals(sentPackets - o.sentPackets, sentBytes - o.sentBytes, receivedPackets
                - o.receivedPackets, receivedBytes - o.receivedBytes, missing - o.missing, corrupt - o.corrupt,
                srtpFailures - o.srtpFailures, unknownSsrc - o.unknownSsrc, plis - o.plis, keyframes - o.keyframes);
    }

    PeerTotals plus(PeerTotals o) {
        return new PeerTotals(sentPackets + o.sentPackets, sentBytes + o.sentBytes, receivedPackets
                + o.receivedPackets, receivedBytes + o.receivedBytes, missing + o.missing, corrupt + o.corrupt,
                srtpFailures + o.srtpFailures, unknownSsrc + o.unknownSsrc, plis + o.plis, keyframes + o.keyframes);
    }

    /** One peer's figures: its stats (null: none yet) and the payload bytes it sent. */
    static PeerTotals of(PeerStats s, long payloadBytesSent) {
        if (s == null) {
            return new PeerTotals(0, payloadBytesSent, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        long recvPackets = 0;
        long recvBytes = 0;
        long missing = 0;
        long corrupt = 0;
        for (InboundStreamStats in : s.inbound()) {
            recvPackets += in.packets();
            recvBytes += in.payloadBytes();
            missing += in.missing();
            corrupt += in.corrupt();
        }
        return new PeerTotals(s.audioPacketsSent() + s.videoPacketsSent(), payloadBytesSent, recvPackets, recvBytes,
                missing, corrupt, s.srtpInboundFailures(), s.unknownSsrcPackets(), s.plisReceived() + s.firsReceived(),
                s.keyframesSent());
    }
}
