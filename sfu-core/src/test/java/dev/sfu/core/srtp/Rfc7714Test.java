package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AEAD_AES_128_GCM vectors of RFC 7714 §16 (SRTP) and §17 (SRTCP). The RFC gives the session key
 * 000102...0f and session salt "Quid pro quo"; the SRTP packet has SSRC 0x5501a0b2, ROC 0, SEQ 0xf17b;
 * the SRTCP packet has SSRC 0x4d617273 and SRTCP index 0x5d4. Each runs on heap and direct buffers.
 */
class Rfc7714Test {
    private static final byte[] KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] SALT = Hex.bytes("517569642070726f2071756f");
    private static final SrtpSessionKeys KEYS = new SrtpSessionKeys(KEY, new byte[0], SALT);

    private static final byte[] RTP_PLAINTEXT = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");
    private static final byte[] SRTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3
            fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf
            8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");
    private static final byte[] RTCP_PLAINTEXT = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");
    private static final byte[] SRTCP = Hex.bytes("""
            81c8000d 4d617273 63e94885 dcdab67c
            a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");

    private static SrtpContext context() {
        return new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, KEYS, KEYS);
    }

    /** RFC 7714 §16.1.1: SRTP AEAD_AES_128_GCM encryption. */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void section16EncryptsRtp(boolean direct) {
        Packets.Outcome out = Packets.run(RTP_PLAINTEXT, direct, context()::protectRtp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(SRTP, out.bytes());
    }

    /** RFC 7714 §16.1.2: SRTP AEAD_AES_128_GCM decryption. */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void section16DecryptsRtp(boolean direct) {
        Packets.Outcome out = Packets.run(SRTP, direct, context()::unprotectRtp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(RTP_PLAINTEXT, out.bytes());
    }

    /** RFC 7714 §17.1: SRTCP AEAD_AES_128_GCM encryption with SRTCP index 0x5d4. */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void section17EncryptsRtcp(boolean direct) {
        SrtpContext context = context();
        context.setNextSrtcpIndex(0x4d617273, 0x5d4);
        Packets.Outcome out = Packets.run(RTCP_PLAINTEXT, direct, context::protectRtcp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(SRTCP, out.bytes());
    }

    /** RFC 7714 §17.2: SRTCP AEAD_AES_128_GCM decryption. */
    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void section17DecryptsRtcp(boolean direct) {
        Packets.Outcome out = Packets.run(SRTCP, direct, context()::unprotectRtcp);
        assertEquals(SrtpResult.OK, out.result());
        assertArrayEquals(RTCP_PLAINTEXT, out.bytes());
    }
}
