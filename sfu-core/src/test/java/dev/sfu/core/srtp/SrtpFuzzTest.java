package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile input never throws and never yields {@link SrtpResult#OK}: random bytes, and every truncation
 * of a valid packet. Afterwards the genuine packet still decrypts, so no rejected input changed state.
 * Seeded, so a failure reproduces.
 */
class SrtpFuzzTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomBytesAreNeverAccepted(SrtpProfile profile) {
        Random random = new Random(0x5EED + profile.ordinal());
        SrtpContext rx = SrtpContextTest.context(profile);
        SrtpContext tx = SrtpContextTest.context(profile);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length > 0) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // version 2, so parsing goes deeper
            }
            boolean direct = i % 3 == 0;
            assertNotEquals(SrtpResult.OK, Packets.run(junk, direct, rx::unprotectRtp).result());
            assertNotEquals(SrtpResult.OK, Packets.run(junk, direct, rx::unprotectRtcp).result());
            Packets.run(junk, direct, tx::protectRtp); // may be OK; must not throw
            Packets.run(junk, direct, tx::protectRtcp);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTruncationOfAValidPacketIsRejected(SrtpProfile profile) {
        SrtpContext tx = SrtpContextTest.context(profile);
        byte[] plainRtp = Packets.rtp(77, 0xABCDEF01, 60);
        plainRtp[0] = (byte) 0x91; // one CSRC and an extension, to cut through every header part
        plainRtp[16] = (byte) 0xBE;
        plainRtp[17] = (byte) 0xDE;
        plainRtp[18] = 0;
        plainRtp[19] = 1;
        byte[] srtp = Packets.run(plainRtp, false, tx::protectRtp).bytes();
        byte[] srtcp = Packets.run(Packets.rtcp(0xABCDEF01, 5), false, tx::protectRtcp).bytes();

        SrtpContext rx = SrtpContextTest.context(profile);
        for (int length = 0; length < srtp.length; length++) {
            assertNotEquals(SrtpResult.OK,
                    Packets.run(Arrays.copyOf(srtp, length), length % 2 == 0, rx::unprotectRtp).result(), "RTP " + length);
        }
        for (int length = 0; length < srtcp.length; length++) {
            assertNotEquals(SrtpResult.OK,
                    Packets.run(Arrays.copyOf(srtcp, length), length % 2 == 0, rx::unprotectRtcp).result(), "RTCP " + length);
        }
        assertEquals(SrtpResult.OK, Packets.run(srtp, false, rx::unprotectRtp).result());
        assertEquals(SrtpResult.OK, Packets.run(srtcp, true, rx::unprotectRtcp).result());
    }
}
