package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-packet known answers published with libsrtp ({@code test/srtp_driver.c}, {@code srtp_validate}),
 * which use the RFC 3711 Appendix B.3 master key and salt, SSRC 0xcafebabe, SEQ 0x1234, ROC 0. They
 * exercise key derivation, the AES-CM keystream and the HMAC-SHA1 tag end to end. libsrtp numbers its
 * first SRTCP packet 1, so the SRTCP vector carries index 1.
 */
class LibsrtpValidateVectorTest {
    private static final byte[] MASTER_KEY = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0ec675ad498afeebb6960b3aabe6");

    private static final byte[] RTP = Hex.bytes("""
            800f1234 decafbad cafebabe abababab
            abababab abababab abababab""");
    private static final byte[] SRTP_80 = Hex.bytes("""
            800f1234 decafbad cafebabe 4e55dc4c
            e79978d8 8ca4d215 949d2402 b78d6acc
            99ea179b 8dbb""");
    private static final byte[] SRTP_32 = Hex.bytes("""
            800f1234 decafbad cafebabe 4e55dc4c
            e79978d8 8ca4d215 949d2402 b78d6acc""");
    private static final byte[] RTCP = Hex.bytes("""
            81c8000b cafebabe abababab abababab
            abababab abababab""");
    private static final byte[] SRTCP_80 = Hex.bytes("""
            81c8000b cafebabe 7128035b e487b9bd
            bef89041 f977a5a8 80000001 993e08cd
            54d6c123 0798""");

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void protectsRtpWithSha1_80(boolean direct) {
        SrtpContext c = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        Packets.Outcome out = Packets.run(RTP, direct, c::protectRtp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(SRTP_80, out.bytes());
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void unprotectsRtpWithSha1_80(boolean direct) {
        SrtpContext c = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        Packets.Outcome out = Packets.run(SRTP_80, direct, c::unprotectRtp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(RTP, out.bytes());
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void protectsAndUnprotectsRtpWithSha1_32(boolean direct) {
        SrtpContext tx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_32, MASTER_KEY, MASTER_SALT);
        SrtpContext rx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_32, MASTER_KEY, MASTER_SALT);
        Packets.Outcome sent = Packets.run(RTP, direct, tx::protectRtp);
        assertArrayEquals(SRTP_32, sent.bytes());
        Packets.Outcome received = Packets.run(SRTP_32, direct, rx::unprotectRtp);
        assertEquals(SrtpResult.OK, received.result());
        assertArrayEquals(RTP, received.bytes());
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void protectsAndUnprotectsRtcpWithSha1_80(boolean direct) {
        SrtpContext tx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        tx.setNextSrtcpIndex(0xcafebabe, 1);
        Packets.Outcome sent = Packets.run(RTCP, direct, tx::protectRtcp);
        assertEquals(SrtpResult.OK, sent.result());
        assertArrayEquals(SRTCP_80, sent.bytes());
        SrtpContext rx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        Packets.Outcome received = Packets.run(SRTCP_80, direct, rx::unprotectRtcp);
        assertEquals(SrtpResult.OK, received.result());
        assertArrayEquals(RTCP, received.bytes());
    }
}
