package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.model.LayerSnapshot;
import dev.sfu.core.testing.ManualClock;
import dev.sfu.core.testing.RtpPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an H264 publication learns from its packets (RFC 6184 payloads as Chromium's OpenH264 sends them): the
 * layer's picture size from the SPS, since an H264 keyframe carries none, and one keyframe per frame although
 * its STAP-A with SPS/PPS and its IDR start each begin one.
 */
class H264LayerTest {
    /** Chromium 156 / OpenH264 SPS for 1280x720 and 320x180, and its PPS. */
    private static final String SPS_720P = "6742c0208c8d402802dd3506060607844235";
    private static final String SPS_180P = "6742c0158c8d40a0cbcf3506060607844235";
    private static final String PPS = "68ce3c80";

    private final RoutingFixture routing = new RoutingFixture(0);
    private final ManualClock clock = routing.clock;
    private final Publication publication = routing.publish(TrackKind.VIDEO, "H264", "f");
    private int sequence = 1000;

    @Test
    void takesTheLayerSizeFromTheSpsAndCountsEachKeyframeOnce() {
        Layer layer = publication.layer(0);
        // Keyframe 1: STAP-A (SPS, PPS), then the IDR in two FU-A fragments.
        send(layer, 3000, false, stapA(SPS_720P, PPS));
        send(layer, 3000, false, "7c85" + "88840021"); // FU-A: indicator (NRI 3, type 28), header S=1 type 5
        send(layer, 3000, true, "7c45" + "aabbccdd");  // FU-A: header E=1 type 5
        assertEquals(1280, layer.width());
        assertEquals(720, layer.height());
        assertEquals(1, keyframes(layer));

        send(layer, 6000, true, "4188" + "8000"); // a delta frame: a non-IDR slice (type 1)
        // Keyframe 2 at another size: SPS and PPS as single NAL unit packets, the IDR as one packet.
        send(layer, 9000, false, SPS_180P);
        send(layer, 9000, false, PPS);
        send(layer, 9000, true, "6588" + "84002100");
        assertEquals(320, layer.width());
        assertEquals(180, layer.height());
        assertEquals(2, keyframes(layer));
    }

    @Test
    void aMalformedSpsLeavesTheSizeItHad() {
        Layer layer = publication.layer(0);
        send(layer, 3000, false, stapA(SPS_720P, PPS));
        send(layer, 3000, true, "6588" + "84002100");
        send(layer, 6000, false, SPS_180P.substring(0, 16)); // cut short inside the size fields
        send(layer, 6000, true, "6588" + "84002100");
        assertEquals(1280, layer.width());
        assertEquals(720, layer.height());
        assertEquals(2, keyframes(layer));
    }

    private long keyframes(Layer layer) {
        LayerSnapshot snapshot = layer.snapshot(clock);
        return snapshot.keyframes();
    }

    private static String stapA(String... nalUnits) {
        StringBuilder hex = new StringBuilder("78"); // STAP-A header: NRI 3, type 24
        for (String nal : nalUnits) {
            hex.append(String.format("%04x", nal.length() / 2)).append(nal);
        }
        return hex.toString();
    }

    private void send(Layer layer, long timestamp, boolean marker, String payloadHex) {
        clock.advance(5, TimeUnit.MILLISECONDS);
        ByteBuf packet = RtpPackets.rtp().payloadType(102).seq(sequence++).timestamp(timestamp).marker(marker)
                .payload(ByteBufUtil.decodeHexDump(payloadHex)).build();
        try {
            routing.receive(publication, layer, packet);
        } finally {
            packet.release();
        }
    }
}
