package dev.sfu.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pacer in steps of its own intervals (no clock: each {@code onInterval} call is one 5 ms interval): a
 * frame leaves in bursts within the budget, frames queue behind each other, and what leaves is the same
 * well-formed stream an unpaced sender produces.
 */
class VideoPacerTest {
    private final CapturingRtpSink sink = new CapturingRtpSink();

    @AfterEach
    void release() {
        sink.release();
    }

    /** One VP8 encoding at 30 fps: delta frames of ~6250 bytes (1.5 Mbps), the first frame a 4400-byte keyframe. */
    private static VideoSenders video() {
        PeerConfig config = new PeerConfig("v", 3, false, true, 30, 4400, 6250, 1100, Duration.ofSeconds(2),
                PeerConfig.defaults("v", 3).srtpProfiles(), 0, true);
        LocalTrack track = new LocalTrack("1", "video", 0xCAFEBABEL, 0x0BADF00DL, LocalTrack.VP8_PT, "s", "t");
        return new VideoSenders(track, new PayloadStamp(), config);
    }

    private static int size(ByteBuf packet) {
        return packet.readableBytes();
    }

    @Test
    void budgetIsTwoAndAHalfTimesTheTargetBitrateOverFiveMilliseconds() {
        // 1.5 Mbps x 2.5 = 3.75 Mbps = 468.75 bytes per ms
        assertEquals(2343, new VideoPacer(video()).bytesPerInterval());
    }

    @Test
    void frameLeavesInBurstsThatOvershootTheBudgetByAtMostOnePacket() {
        VideoPacer pacer = new VideoPacer(video());
        pacer.onInterval(sink); // nothing due: the budget of this interval goes unused
        assertEquals(0, sink.packets.size());
        assertEquals(0, sink.flushes, "no flush without a packet");

        pacer.onFrame(sink);
        int firstBurst = sink.packets.size();
        int keyframePackets = (4400 + 1096 - 1) / 1096;
        assertTrue(firstBurst >= 1 && firstBurst < keyframePackets, "part of the keyframe at once: " + firstBurst);
        for (int i = 1; i <= 10; i++) {
            sink.interval = i;
            pacer.onInterval(sink);
        }
        assertEquals(keyframePackets, sink.packets.size(), "the whole keyframe left");
        assertTrue(sink.sentIn.get(keyframePackets - 1) >= 1, "the last packets waited for later intervals");

        long budget = pacer.bytesPerInterval();
        int largest = 0;
        for (ByteBuf p : sink.packets) {
            largest = Math.max(largest, size(p));
        }
        for (int i = 0; i <= 10; i++) {
            int bytes = 0;
            for (int k = 0; k < sink.packets.size(); k++) {
                if (sink.sentIn.get(k) == i) {
                    bytes += size(sink.packets.get(k));
                }
            }
            assertTrue(bytes < budget + largest, "interval " + i + " sent " + bytes + " bytes");
        }
        assertEquals(sink.flushes, (int) sink.sentIn.stream().distinct().count(), "one flush per burst");
    }

    @Test
    void framesQueueBehindEachOtherAndFormTheSameStreamAsUnpaced() {
        VideoSenders senders = video();
        VideoPacer pacer = new VideoPacer(senders);
        pacer.onInterval(sink);
        pacer.onFrame(sink);
        pacer.onFrame(sink); // due while the keyframe is still going out
        for (int i = 1; i <= 20; i++) {
            sink.interval = i;
            pacer.onInterval(sink);
        }
        assertEquals(2, senders.frames());
        assertEquals(senders.packets(), sink.packets.size());

        PayloadStamp stamp = new PayloadStamp();
        ByteBuf first = sink.packets.get(0);
        long keyTimestamp = RtpPacket.timestamp(first);
        int markers = 0;
        for (int i = 0; i < sink.packets.size(); i++) {
            ByteBuf p = sink.packets.get(i);
            int offset = RtpPacket.payloadOffset(p);
            int length = RtpPacket.payloadLength(p);
            assertEquals((RtpPacket.sequenceNumber(first) + i) & 0xFFFF, RtpPacket.sequenceNumber(p));
            assertEquals(markers == 0 ? keyTimestamp : (keyTimestamp + 3000) & 0xFFFFFFFFL, RtpPacket.timestamp(p),
                    "packet " + i + " belongs to frame " + markers);
            boolean startsFrame = i == 0 || RtpPacket.marker(sink.packets.get(i - 1));
            assertEquals(startsFrame, Vp8PayloadDescriptor.isStartOfFrame(p, offset, length));
            assertTrue(InboundStream.stampIntact(stamp, p, true), "stamp of packet " + i);
            if (RtpPacket.marker(p)) {
                markers++;
            }
        }
        assertEquals(2, markers, "the keyframe ends before the delta frame starts");
    }
}
