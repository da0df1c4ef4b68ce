package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.rtcp.TransportWideFeedback;
import dev.sfu.core.rtp.PaddingPacket;
import dev.sfu.core.rtp.TransportSequenceNumber;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherFeedbackTest {
    private static final long MS = 1_000_000L;
    /** 6.4 s: exactly 100 reference time units of 64 ms. */
    private static final long T0 = 6_400 * MS;

    /** A padding packet carrying the sequence number, parsed as the participant parses what arrives. */
    private static SourcePacket packet(long ssrc, int extensionId, int transportSequence) {
        ByteBuf out = Unpooled.buffer(64);
        int field = PaddingPacket.write(out, 96, 1, 0, ssrc, extensionId, 4);
        TransportSequenceNumber.set(out, field, transportSequence);
        SourcePacket source = new SourcePacket();
        assertTrue(source.load(out));
        return source;
    }

    @Test
    void reportsWhatArrivedWithItsArrivalTimesAndGapsAsLost() {
        PublisherFeedback feedback = new PublisherFeedback(0x1111);
        feedback.extensionId(3);
        feedback.onRtp(packet(0xAAAA, 3, 700), T0);
        feedback.onRtp(packet(0xBBBB, 3, 701), T0 + 2 * MS);
        feedback.onRtp(packet(0xAAAA, 3, 703), T0 + 5 * MS);
        List<TransportWideFeedback> out = feedback.drain();
        // reference 100 (6.4 s); 701 after 2 ms = 8 ticks of 250 us; 702 missing; 703 3 ms later = 12 ticks
        assertEquals(List.of(new TransportWideFeedback(0x1111, 0xAAAA, 700, 100, 0,
                List.of(0, 8, TransportWideFeedback.NOT_RECEIVED, 12))), out);
        assertEquals(List.of(), feedback.drain(), "nothing new");
        assertEquals(3, feedback.packets());
        assertEquals(1, feedback.feedbackSent());
    }

    @Test
    void withoutTheNegotiatedExtensionNothingIsRecorded() {
        PublisherFeedback feedback = new PublisherFeedback(1);
        assertFalse(feedback.enabled());
        feedback.onRtp(packet(2, 3, 5), T0);
        assertEquals(List.of(), feedback.drain());
        feedback.extensionId(4);
        assertTrue(feedback.enabled());
        feedback.onRtp(packet(2, 3, 6), T0); // the extension under another id: not ours
        assertEquals(0, feedback.packets());
    }
}
