package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour of {@link SrtpContext} for every profile: round trips, rollover, replay, forgery. */
class SrtpContextTest {
    private static final int SSRC = 0x11223344;

    static SrtpContext context(SrtpProfile profile) {
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 31 + 7);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (i * 17 + 3);
        }
        return new SrtpContext(profile, key, salt);
    }

    static Stream<Arguments> profilesAndBuffers() {
        return Arrays.stream(SrtpProfile.values())
                .flatMap(p -> Stream.of(Arguments.of(p, false), Arguments.of(p, true)));
    }

    private static byte[] protect(SrtpContext tx, byte[] plain) {
        Packets.Outcome out = Packets.run(plain, false, tx::protectRtp);
        assertEquals(SrtpResult.OK, out.result());
        return out.bytes();
    }

    private static SrtpResult unprotect(SrtpContext rx, byte[] srtp) {
        return Packets.run(srtp, false, rx::unprotectRtp).result();
    }

    private static byte[] flip(byte[] packet, int at) {
        byte[] copy = packet.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("profilesAndBuffers")
    void roundTripsRtpAndAppendsTag(SrtpProfile profile, boolean direct) {
        byte[] plain = Packets.rtp(1000, SSRC, 160);
        Packets.Outcome sent = Packets.run(plain, direct, context(profile)::protectRtp);
        assertEquals(SrtpResult.OK, sent.result());
        assertEquals(plain.length + profile.rtpAuthTagLength(), sent.bytes().length);
        assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(sent.bytes(), 12), "header stays in the clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 12, plain.length),
                Arrays.copyOfRange(sent.bytes(), 12, plain.length)), "payload is encrypted");

        Packets.Outcome received = Packets.run(sent.bytes(), direct, context(profile)::unprotectRtp);
        assertEquals(SrtpResult.OK, received.result());
        assertArrayEquals(plain, received.bytes());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void keepsCsrcsAndHeaderExtensionInTheClear(SrtpProfile profile) {
        byte[] plain = new byte[12 + 8 + 4 + 8 + 40];
        plain[0] = (byte) 0x92; // V=2, X=1, CC=2
        plain[1] = 96;
        SrtpTransform.putInt(plain, 8, SSRC);
        SrtpTransform.putInt(plain, 12, 0xAAAAAAAA);
        SrtpTransform.putInt(plain, 16, 0xBBBBBBBB);
        plain[20] = (byte) 0xBE;
        plain[21] = (byte) 0xDE;
        plain[23] = 2; // two words of extension
        Arrays.fill(plain, 24, 32, (byte) 0x5A);
        Arrays.fill(plain, 32, plain.length, (byte) 0x77);

        byte[] srtp = protect(context(profile), plain);
        assertArrayEquals(Arrays.copyOf(plain, 32), Arrays.copyOf(srtp, 32));
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 32, plain.length),
                Arrays.copyOfRange(srtp, 32, plain.length)));
        Packets.Outcome received = Packets.run(srtp, true, context(profile)::unprotectRtp);
        assertEquals(SrtpResult.OK, received.result());
        assertArrayEquals(plain, received.bytes());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sequenceWrapIncrementsRolloverCounterAndStillDecrypts(SrtpProfile profile) {
        SrtpContext tx = context(profile);
        SrtpContext rx = context(profile);
        byte[] afterWrap = null;
        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            byte[] srtp = protect(tx, Packets.rtp(seq, SSRC, 50));
            assertEquals(SrtpResult.OK, unprotect(rx, srtp), "seq " + seq);
            if (seq == 0) {
                afterWrap = srtp;
            }
        }
        // A packet from before the wrap, delivered late, is estimated with ROC - 1 and accepted once.
        SrtpContext tx2 = context(profile);
        SrtpContext rx2 = context(profile);
        assertEquals(SrtpResult.OK, unprotect(rx2, protect(tx2, Packets.rtp(65534, SSRC, 50))));
        byte[] late = protect(tx2, Packets.rtp(65535, SSRC, 50));
        assertEquals(SrtpResult.OK, unprotect(rx2, protect(tx2, Packets.rtp(0, SSRC, 50))));
        assertEquals(SrtpResult.OK, unprotect(rx2, late));
        assertEquals(SrtpResult.REPLAYED, unprotect(rx2, late));
        // The sender used ROC 1 for seq 0 after the wrap: a receiver that never saw the wrap (ROC 0) cannot
        // authenticate it.
        assertEquals(SrtpResult.AUTH_FAILED, unprotect(context(profile), afterWrap));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void acceptsOutOfOrderWithinWindowOnceAndRejectsReplaysAndTooOld(SrtpProfile profile) {
        SrtpContext tx = context(profile);
        byte[][] srtp = new byte[300][];
        for (int seq = 0; seq < srtp.length; seq++) {
            srtp[seq] = protect(tx, Packets.rtp(seq, SSRC, 20));
        }
        SrtpContext rx = context(profile);
        assertEquals(SrtpResult.OK, unprotect(rx, srtp[299]));
        assertEquals(SrtpResult.OK, unprotect(rx, srtp[200]), "127 behind: inside the window");
        assertEquals(SrtpResult.REPLAYED, unprotect(rx, srtp[200]), "accepted only once");
        assertEquals(SrtpResult.REPLAYED, unprotect(rx, srtp[299]), "duplicate of the highest");
        assertEquals(SrtpResult.REPLAYED, unprotect(rx, srtp[171]), "128 behind: too old");
        assertEquals(SrtpResult.REPLAYED, unprotect(rx, srtp[10]), "far too old");
        assertEquals(SrtpResult.OK, unprotect(rx, srtp[250]));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void flippedBitFailsAuthenticationWithoutAdvancingState(SrtpProfile profile) {
        SrtpContext tx = context(profile);
        byte[] first = protect(tx, Packets.rtp(1, SSRC, 40));
        byte[] far = protect(tx, Packets.rtp(1000, SSRC, 40));
        SrtpContext rx = context(profile);

        assertEquals(SrtpResult.AUTH_FAILED, unprotect(rx, flip(first, 20)), "payload bit");
        assertEquals(SrtpResult.AUTH_FAILED, unprotect(rx, flip(first, first.length - 1)), "tag bit");
        assertEquals(SrtpResult.AUTH_FAILED, unprotect(rx, flip(far, 30)), "forged far-ahead packet");
        // Had the forgery moved the highest index to 1000, packet 1 would now be too old.
        assertEquals(SrtpResult.OK, unprotect(rx, first));
        assertEquals(SrtpResult.OK, unprotect(rx, far));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsDoNotConsumeStreamSlots(SrtpProfile profile) {
        SrtpContext rx = context(profile);
        for (int i = 0; i < 3 * SrtpContext.MAX_STREAMS; i++) {
            byte[] forged = Packets.rtp(i, 0x1000 + i, 20 + profile.rtpAuthTagLength());
            assertEquals(SrtpResult.AUTH_FAILED, unprotect(rx, forged));
        }
        assertEquals(SrtpResult.OK, unprotect(rx, protect(context(profile), Packets.rtp(5, SSRC, 20))));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesMoreThanMaxStreams(SrtpProfile profile) {
        SrtpContext tx = context(profile);
        SrtpContext rx = context(profile);
        for (int i = 0; i < SrtpContext.MAX_STREAMS; i++) {
            assertEquals(SrtpResult.OK, unprotect(rx, protect(tx, Packets.rtp(1, 0x5000 + i, 10))));
        }
        byte[] extra = Packets.rtp(1, 0x7777, 10);
        assertEquals(SrtpResult.TOO_MANY_STREAMS, Packets.run(extra, false, tx::protectRtp).result());
        SrtpContext other = context(profile);
        assertEquals(SrtpResult.TOO_MANY_STREAMS, unprotect(rx, protect(other, extra)));
        assertEquals(SrtpResult.OK, unprotect(rx, protect(tx, Packets.rtp(2, 0x5000, 10))), "known SSRCs still work");
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("profilesAndBuffers")
    void roundTripsRtcpWithIncrementingIndex(SrtpProfile profile, boolean direct) {
        SrtpContext tx = context(profile);
        SrtpContext rx = context(profile);
        byte[] plain = Packets.rtcp(SSRC, 6);
        byte[][] sent = new byte[3][];
        for (int i = 0; i < 3; i++) {
            Packets.Outcome out = Packets.run(plain, direct, tx::protectRtcp);
            assertEquals(SrtpResult.OK, out.result());
            sent[i] = out.bytes();
            assertEquals(plain.length + 4 + profile.rtcpAuthTagLength(), sent[i].length);
            int eIndexAt = profile.isAead() ? sent[i].length - 4 : plain.length;
            assertEquals(0x80000000 | i, Unpooled.wrappedBuffer(sent[i]).getInt(eIndexAt), "E flag and index");
        }
        assertEquals(SrtpResult.OK, Packets.run(sent[2], direct, rx::unprotectRtcp).result());
        Packets.Outcome first = Packets.run(sent[0], direct, rx::unprotectRtcp);
        assertEquals(SrtpResult.OK, first.result());
        assertArrayEquals(plain, first.bytes());
        assertEquals(SrtpResult.REPLAYED, Packets.run(sent[0], direct, rx::unprotectRtcp).result());
        assertEquals(SrtpResult.AUTH_FAILED, Packets.run(flip(sent[1], 12), direct, rx::unprotectRtcp).result());
        assertEquals(SrtpResult.AUTH_FAILED,
                Packets.run(flip(sent[1], sent[1].length - 6), direct, rx::unprotectRtcp).result());
        assertEquals(SrtpResult.OK, Packets.run(sent[1], direct, rx::unprotectRtcp).result());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void refusesToWrapTheSrtcpIndex(SrtpProfile profile) {
        SrtpContext tx = context(profile);
        tx.setNextSrtcpIndex(SSRC, 0x7FFFFFFFL);
        assertEquals(SrtpResult.OK, Packets.run(Packets.rtcp(SSRC, 1), false, tx::protectRtcp).result());
        assertEquals(SrtpResult.INDEX_EXHAUSTED, Packets.run(Packets.rtcp(SSRC, 1), false, tx::protectRtcp).result());
    }

    static Stream<Arguments> malformedRtp() {
        byte[] badVersion = Packets.rtp(1, SSRC, 40);
        badVersion[0] = 0x40;
        byte[] csrcsBeyond = Packets.rtp(1, SSRC, 10);
        csrcsBeyond[0] = (byte) 0x8F; // 15 CSRCs = 60 bytes
        byte[] extensionBeyond = Packets.rtp(1, SSRC, 10);
        extensionBeyond[0] = (byte) 0x90;
        extensionBeyond[14] = 0x01; // 256 words
        byte[] paddingBeyond = Packets.rtp(1, SSRC, 10);
        paddingBeyond[0] = (byte) 0xA0;
        paddingBeyond[paddingBeyond.length - 1] = 11;
        byte[] zeroPadding = Packets.rtp(1, SSRC, 10);
        zeroPadding[0] = (byte) 0xA0;
        zeroPadding[zeroPadding.length - 1] = 0;
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("shorter than a header", Arrays.copyOf(Packets.rtp(1, SSRC, 0), 11)),
                Arguments.of("version 1", badVersion),
                Arguments.of("CSRCs beyond the packet", csrcsBeyond),
                Arguments.of("extension beyond the packet", extensionBeyond),
                Arguments.of("padding longer than the payload", paddingBeyond),
                Arguments.of("padding count zero", zeroPadding));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRtp")
    void protectRejectsMalformedRtp(String name, byte[] packet) {
        for (SrtpProfile profile : SrtpProfile.values()) {
            assertEquals(SrtpResult.MALFORMED, Packets.run(packet, false, context(profile)::protectRtp).result());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void roundTripsPaddedRtp(SrtpProfile profile) {
        byte[] padded = Packets.rtp(9, SSRC, 10);
        padded[0] = (byte) 0xA0;
        padded[padded.length - 1] = 2;
        Packets.Outcome out = Packets.run(protect(context(profile), padded), true, context(profile)::unprotectRtp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(padded, out.bytes());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reportsMalformedWhenTheBufferCannotGrow(SrtpProfile profile) {
        ByteBuf full = Unpooled.wrappedBuffer(Packets.rtp(1, SSRC, 20)); // maxCapacity == length
        try {
            assertEquals(SrtpResult.MALFORMED, context(profile).protectRtp(full));
        } finally {
            full.release();
        }
    }
}
