package dev.sfu.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtp.RtpPacket;
import dev.sfu.core.rtp.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the senders put on the wire, checked with the SFU's own RTP and VP8 parsers, and the receive checks. */
class PacketizationTest {
    private final CapturingRtpSink sink = new CapturingRtpSink();

    @AfterEach
    void release() {
        sink.release();
    }

    private static VideoSender video(PeerConfig config) {
        return new VideoSender(new LocalTrack("1", "video", 0xCAFEBABEL, 0x0BADF00DL, LocalTrack.VP8_PT, "s", "t"),
                new PayloadStamp(), config);
    }

    @Test
    void keyframeIsSplitAcrossPacketsWithDescriptorAndMarkerAsRfc7741Says() {
        PeerConfig config = PeerConfig.defaults("v", 9);
        video(config).tick(sink);

        int expected = (config.keyframeBytes() + config.maxPacketPayload() - 5) / (config.maxPacketPayload() - 4);
        assertEquals(expected, sink.packets.size());
        ByteBuf first = sink.packets.get(0);
        int seq = RtpPacket.sequenceNumber(first);
        int pictureId = -1;
        for (int i = 0; i < sink.packets.size(); i++) {
            ByteBuf p = sink.packets.get(i);
            int offset = RtpPacket.payloadOffset(p);
            int length = RtpPacket.payloadLength(p);
            assertTrue(length <= config.maxPacketPayload(), "payload " + length);
            assertEquals((seq + i) & 0xFFFF, RtpPacket.sequenceNumber(p));
            assertEquals(RtpPacket.timestamp(first), RtpPacket.timestamp(p));
            assertEquals(0xCAFEBABEL, RtpPacket.ssrc(p));
            assertEquals(i == sink.packets.size() - 1, RtpPacket.marker(p), "marker on the last packet only");
            assertEquals(i == 0, Vp8PayloadDescriptor.isStartOfFrame(p, offset, length));
            assertEquals(i == 0, Vp8PayloadDescriptor.isKeyframe(p, offset, length));
            assertEquals(2, Vp8PayloadDescriptor.pictureIdLength(p, offset, length), "15-bit picture id");
            if (pictureId < 0) {
                pictureId = Vp8PayloadDescriptor.pictureId(p, offset, length);
            }
            assertEquals(pictureId, Vp8PayloadDescriptor.pictureId(p, offset, length));
            long mid = RtpPacket.findExtension(p, LocalTrack.MID_EXTENSION_ID);
            assertEquals("1", p.toString(RtpPacket.extensionOffset(mid), RtpPacket.extensionLength(mid),
                    StandardCharsets.US_ASCII));
        }
        int offset = RtpPacket.payloadOffset(first);
        int length = RtpPacket.payloadLength(first);
        assertEquals(640, Vp8PayloadDescriptor.keyframeWidth(first, offset, length));
        assertEquals(480, Vp8PayloadDescriptor.keyframeHeight(first, offset, length));
        assertEquals(1, sink.flushes, "one flush per frame");
    }

    @Test
    void deltaFramesFollowUntilAKeyframeIsRequested() {
        VideoSender sender = video(PeerConfig.defaults("v", 9).withVideoFrameRate(30));
        sender.tick(sink);
        int afterKey = sink.packets.size();
        long keyTimestamp = RtpPacket.timestamp(sink.packets.get(0));
        sender.tick(sink);
        ByteBuf delta = sink.packets.get(afterKey);
        int offset = RtpPacket.payloadOffset(delta);
        int length = RtpPacket.payloadLength(delta);
        assertTrue(Vp8PayloadDescriptor.isStartOfFrame(delta, offset, length));
        assertFalse(Vp8PayloadDescriptor.isKeyframe(delta, offset, length), "P bit set on a delta frame");
        assertEquals((keyTimestamp + 3000) & 0xFFFFFFFFL, RtpPacket.timestamp(delta));
        int before = sink.packets.size();
        sender.requestKeyframe();
        sender.tick(sink);
        ByteBuf key = sink.packets.get(before);
        assertTrue(Vp8PayloadDescriptor.isKeyframe(key, RtpPacket.payloadOffset(key), RtpPacket.payloadLength(key)));
        assertEquals(2, sender.keyframes());
        assertEquals(3, sender.frames());
    }

    @Test
    void audioPacketsAre20MsApartWithOpusSizedPayloads() {
        AudioSender sender = new AudioSender(new LocalTrack("0", "audio", 77, -1, LocalTrack.OPUS_PT, "s", "t"),
                new PayloadStamp(), 5);
        for (int i = 0; i < 10; i++) {
            sender.tick(sink);
        }
        for (int i = 0; i < 10; i++) {
            ByteBuf p = sink.packets.get(i);
            int length = RtpPacket.payloadLength(p);
            assertTrue(length >= 50 && length <= 70, "payload " + length);
            assertEquals(i == 0, RtpPacket.marker(p));
            assertEquals(LocalTrack.OPUS_PT, RtpPacket.payloadType(p));
            assertEquals((RtpPacket.timestamp(sink.packets.get(0)) + 960L * i) & 0xFFFFFFFFL, RtpPacket.timestamp(p));
        }
    }

    @Test
    void receiverChecksSenderIntegrityKeyframeStartAndGaps() {
        VideoSender sender = video(PeerConfig.defaults("v", 9));
        for (int i = 0; i < 5; i++) {
            sender.tick(sink);
        }
        InboundStream intact = new InboundStream(0xCAFEBABEL, "1", LocalTrack.VP8_PT, new PayloadStamp());
        InboundStream damaged = new InboundStream(0xCAFEBABEL, "1", LocalTrack.VP8_PT, new PayloadStamp());
        for (int i = 0; i < sink.packets.size(); i++) {
            ByteBuf p = sink.packets.get(i);
            intact.onPacket(p, System.nanoTime());
            if (i == 2) {
                continue; // lost
            }
            if (i == 4) {
                int at = p.writerIndex() - 10;
                p.setByte(at, p.getByte(at) ^ 0x01); // one bit flipped
            }
            damaged.onPacket(p, System.nanoTime());
        }
        InboundStreamStats ok = intact.snapshot();
        assertEquals(sink.packets.size(), ok.packets());
        assertTrue(ok.firstWasKeyframeStart());
        assertEquals(1, ok.keyframes());
        assertEquals(5, ok.frames());
        assertEquals(9, ok.senderId());
        assertEquals(0, ok.missing());
        assertEquals(0, ok.corrupt());
        assertEquals(0, ok.stampCounterGaps());
        assertEquals("video", ok.kind());
        InboundStreamStats bad = damaged.snapshot();
        assertEquals(1, bad.missing());
        assertEquals(1, bad.corrupt());
        // the lost packet, and the corrupt one whose counter cannot be trusted
        assertEquals(2, bad.stampCounterGaps());
    }
}
