package dev.sfu.peer;

import dev.sfu.core.dtls.SrtpKeyingMaterial;
import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.srtp.SrtpContext;
import dev.sfu.core.srtp.SrtpResult;
import io.netty.buffer.ByteBuf;

/**
 * The peer's SRTP once DTLS gave it keys: unprotects what arrives (SRTP or SRTCP) and hands it to the
 * transport's listener, protects what leaves, both in place, and counts what failed.
 *
 * <p>Confinement: the channel's event loop only. Buffers: incoming packets stay the caller's; an outgoing
 * packet that fails to protect is released here.
 */
final class PeerSrtp {
    private SrtpContext inbound;
    /** Keys for the packets lost on purpose: each decrypted by a context of its own (no replay window). */
    private SrtpKeyingMaterial keys;
    private SrtpContext outbound;

    private long notReady;
    private long inboundFailures;
    private long outboundFailures;
    private long packetsSent;

    void install(SrtpKeyingMaterial keys) {
        inbound = new SrtpContext(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt());
        this.keys = keys;
        outbound = new SrtpContext(keys.profile(), keys.localMasterKey(), keys.localMasterSalt());
    }

    /** Whether outgoing media can be protected (keys installed, not cleared). */
    boolean ready() {
        return outbound != null;
    }

    /** Forgets the contexts: nothing more is unprotected or protected. */
    void clear() {
        inbound = null;
        outbound = null;
    }

    /** Unprotects an incoming SRTP or SRTCP packet in place and hands it to {@code listener}. */
    void receive(ByteBuf content, ClientTransport.Listener listener) {
        if (inbound == null) {
            notReady++;
            return;
        }
        if (RtpPacket.isRtcp(content)) {
            if (inbound.unprotectRtcp(content) == SrtpResult.OK) {
                listener.onRtcp(content);
            } else {
                inboundFailures++;
            }
        } else if (listener.lose(content)) {
            // A context of its own per lost packet: it leaves no trace in the inbound replay window, and a
            // packet lost twice (its retransmission lost too) is not a replay for it. Test-only, not hot.
            SrtpContext apart = new SrtpContext(keys.profile(), keys.remoteMasterKey(), keys.remoteMasterSalt());
            if (apart.unprotectRtp(content) == SrtpResult.OK) {
                listener.onLost(content);
            }
        } else if (inbound.unprotectRtp(content) == SrtpResult.OK) {
            listener.onRtp(content);
        } else {
            inboundFailures++;
        }
    }

    /** Protects an RTP packet in place; on failure releases it and returns false. Only when {@link #ready}. */
    boolean protectRtp(ByteBuf packet) {
        return counted(packet, outbound.protectRtp(packet));
    }

    /** Protects an RTCP compound packet in place (with room for its tag); on failure releases it. */
    boolean protectRtcp(ByteBuf packet) {
        packet.ensureWritable(RtpSink.SRTP_TAILROOM);
        return counted(packet, outbound.protectRtcp(packet));
    }

    private boolean counted(ByteBuf packet, SrtpResult result) {
        if (result != SrtpResult.OK) {
            outboundFailures++;
            packet.release();
            return false;
        }
        packetsSent++;
        return true;
    }

    long notReady() {
        return notReady;
    }

    long inboundFailures() {
        return inboundFailures;
    }

    long outboundFailures() {
        return outboundFailures;
    }

    long packetsSent() {
        return packetsSent;
    }
}
