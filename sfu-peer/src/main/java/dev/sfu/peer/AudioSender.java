package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends Opus-like audio: one packet every 20 ms (timestamp +960 at 48 kHz), payloads of 50-70 bytes
 * starting with an Opus TOC byte (config 31, CELT FB 20 ms, stereo) followed by a {@link PayloadStamp}. The
 * first packet carries the marker bit, as after a talkspurt start. Confined to the peer's event loop.
 */
final class AudioSender {
    static final long PACKET_NANOS = 20_000_000L;
    private static final int TOC = 0xFC;

    private final LocalTrack track;
    private final RtpWriter header;
    private final PayloadStamp stamp;
    private final int senderId;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private long packets;
    private long bytes;

    AudioSender(LocalTrack track, PayloadStamp stamp, int senderId) {
        this.track = track;
        this.header = new RtpWriter(track.mid());
        this.stamp = stamp;
        this.senderId = senderId;
    }

    /** Sends the next 20 ms packet. */
    void tick(RtpSink sink) {
        int payload = 50 + ThreadLocalRandom.current().nextInt(21);
        ByteBuf out = sink.alloc().directBuffer(header.headerLength() + payload + RtpSink.SRTP_TAILROOM);
        header.write(out, packets == 0, track.payloadType(), sequence, timestamp, track.ssrc());
        out.writeByte(TOC);
        stamp.write(out, PayloadStamp.KIND_AUDIO, senderId, packets, System.nanoTime(), payload - 1);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + 960) & 0xFFFFFFFFL;
        packets++;
        bytes += payload;
        sink.sendRtp(out);
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }
}
