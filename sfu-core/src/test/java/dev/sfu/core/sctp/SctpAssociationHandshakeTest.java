package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verification tags (RFC 9260 §8.5) and the cookie checks (§5.1.5) seen from the wire. */
class SctpAssociationHandshakeTest {
    private final List<SctpPacket> fromServer = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final SimulatedLink.Recorder events = new SimulatedLink.Recorder();
    private final SctpAssociation server = new SctpAssociation(SctpConfig.defaults(), scheduler::now, scheduler,
            packet -> fromServer.add(parse(packet)), events);

    private static SctpPacket parse(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return SctpPacket.parse(buf);
        } catch (SctpException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }

    private void feed(long tag, Chunk... chunks) {
        ByteBuf buf = new SctpPacket(5000, 5000, tag, List.of(chunks)).encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            server.handlePacket(buf);
        } finally {
            buf.release();
        }
    }

    private static InitChunk init(long tag) {
        return new InitChunk(tag, 100_000, 10, 10, 1000, List.of(new ForwardTsnSupported()));
    }

    private InitAckChunk initAckFor(long peerTag) {
        feed(0, init(peerTag));
        SctpPacket reply = fromServer.remove(fromServer.size() - 1);
        assertEquals(peerTag, reply.verificationTag());
        return (InitAckChunk) reply.chunks().get(0);
    }

    @Test
    void initIsAnsweredWithoutStateAndTheEchoedCookieEstablishes() {
        InitAckChunk ack = initAckFor(0x1111);
        assertEquals(SctpAssociation.State.CLOSED, server.state(), "no state kept for an INIT (§5.1.3)");
        feed(ack.initiateTag(), new CookieEchoChunk(ack.stateCookie().get().cookie()));
        assertTrue(events.established);
        assertEquals(List.of(new CookieAckChunk()), fromServer.get(0).chunks());
        assertEquals(0x1111, fromServer.get(0).verificationTag());
        // a duplicate COOKIE ECHO (our COOKIE ACK was lost) gets another COOKIE ACK (§5.2.4 D)
        feed(ack.initiateTag(), new CookieEchoChunk(ack.stateCookie().get().cookie()));
        assertEquals(List.of(new CookieAckChunk()), fromServer.get(1).chunks());
        // an INIT once established is dropped (no restart support)
        feed(0, init(0x2222));
        assertEquals(2, fromServer.size());
        assertEquals(1, server.stats().drops(SctpDropReason.UNEXPECTED_CHUNK));
    }

    @Test
    void aTamperedCookieIsDroppedAndEstablishesNothing() {
        InitAckChunk ack = initAckFor(0x1111);
        byte[] cookie = ack.stateCookie().get().cookie().toArray();
        cookie[5] ^= 1;
        feed(ack.initiateTag(), new CookieEchoChunk(Bytes.of(cookie)));
        assertFalse(events.established);
        assertEquals(1, server.stats().drops(SctpDropReason.BAD_COOKIE));
        assertTrue(fromServer.isEmpty());
    }

    @Test
    void aStaleCookieIsDropped() {
        InitAckChunk ack = initAckFor(0x1111);
        scheduler.advance(61_000_000_000L);
        feed(ack.initiateTag(), new CookieEchoChunk(ack.stateCookie().get().cookie()));
        assertFalse(events.established);
        assertEquals(1, server.stats().drops(SctpDropReason.STALE_COOKIE));
    }

    @Test
    void aCookieEchoUnderAnotherTagIsDropped() {
        InitAckChunk ack = initAckFor(0x1111);
        feed(ack.initiateTag() ^ 1, new CookieEchoChunk(ack.stateCookie().get().cookie()));
        assertFalse(events.established);
        assertEquals(1, server.stats().drops(SctpDropReason.BAD_VERIFICATION_TAG));
    }

    @Test
    void packetsWithTheWrongTagAreDroppedButAReflectedAbortIsAccepted() {
        InitAckChunk ack = initAckFor(0x1111);
        long ourTag = ack.initiateTag();
        feed(ourTag, new CookieEchoChunk(ack.stateCookie().get().cookie()));
        feed(ourTag + 1, new HeartbeatChunk(Bytes.of(new byte[] {1, 2})));
        feed(0, new HeartbeatChunk(Bytes.of(new byte[] {1, 2})));
        feed(0x1111, new AbortChunk(false, List.of())); // the peer's tag without the T bit
        assertEquals(3, server.stats().drops(SctpDropReason.BAD_VERIFICATION_TAG));
        assertEquals(SctpAssociation.State.ESTABLISHED, server.state());
        feed(ourTag, new HeartbeatChunk(Bytes.of(new byte[] {1, 2})));
        assertEquals(List.of(new HeartbeatAckChunk(Bytes.of(new byte[] {1, 2}))), fromServer.get(fromServer.size() - 1).chunks());
        feed(0x1111, new AbortChunk(true, List.of())); // T bit: the tag is the peer's own (§8.5.1 B)
        assertEquals(SctpAssociation.State.CLOSED, server.state());
        assertEquals("ABORT received", events.closed);
    }

    @Test
    void anInitBundledWithOtherChunksOrWithANonZeroTagIsDropped() {
        feed(0, init(0x1111), new HeartbeatChunk(Bytes.of(new byte[] {1})));
        feed(5, init(0x1111));
        assertTrue(fromServer.isEmpty());
        assertEquals(2, server.stats().drops(SctpDropReason.BAD_VERIFICATION_TAG));
    }

    @Test
    void unknownChunksFollowTheirUpperBits() {
        InitAckChunk ack = initAckFor(0x1111);
        long ourTag = ack.initiateTag();
        feed(ourTag, new CookieEchoChunk(ack.stateCookie().get().cookie()));
        int before = fromServer.size();
        // 0x80 (10: skip and go on) before a HEARTBEAT: the HEARTBEAT is answered
        feed(ourTag, new UnknownChunk(0x80 | 0x3F, 0, Bytes.EMPTY), new HeartbeatChunk(Bytes.of(new byte[] {7})));
        assertEquals(before + 1, fromServer.size());
        // 0x3F (00: stop): the HEARTBEAT after it is not processed
        feed(ourTag, new UnknownChunk(0x3F, 0, Bytes.EMPTY), new HeartbeatChunk(Bytes.of(new byte[] {7})));
        assertEquals(before + 1, fromServer.size());
        assertEquals(2, server.stats().drops(SctpDropReason.UNKNOWN_CHUNK));
    }
}
