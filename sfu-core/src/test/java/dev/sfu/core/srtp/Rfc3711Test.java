package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Test vectors of RFC 3711 Appendix B. */
class Rfc3711Test {

    /**
     * RFC 3711 Appendix B.2, AES-CM test vectors: session key 2B7E...4F3C, session salt F0F1...FCFD,
     * and a zero SSRC and index, so the IV is F0F1...FCFD0000 and the first counter blocks are
     * ...0000, ...0001, ...0002. Encrypting an all-zero payload yields the keystream itself.
     */
    @Test
    void appendixB2AesCmKeystream() {
        byte[] sessionKey = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        byte[] keystream = Hex.bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0""");
        SrtpSessionKeys keys = new SrtpSessionKeys(sessionKey, new byte[20], sessionSalt);
        SrtpContext context = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, keys);
        byte[] packet = new byte[12 + keystream.length];
        packet[0] = (byte) 0x80; // V=2, SEQ=0, SSRC=0: index 0
        for (boolean direct : new boolean[] {false, true}) {
            Packets.Outcome out = Packets.run(packet, direct, context::protectRtp);
            assertEquals(SrtpResult.OK, out.result());
            assertArrayEquals(keystream, Arrays.copyOfRange(out.bytes(), 12, 12 + keystream.length));
            context = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, keys);
        }
    }

    /**
     * RFC 3711 Appendix B.3, key derivation test vectors: AES-CM PRF with key derivation rate 0, labels
     * 0 (cipher key), 1 (auth key, first 160 bits used by HMAC-SHA1) and 2 (cipher salt).
     */
    @Test
    void appendixB3KeyDerivation() {
        byte[] masterKey = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"),
                SrtpSessionKeys.prf(masterKey, masterSalt, SrtpSessionKeys.LABEL_RTP_ENCRYPTION, 16));
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"),
                SrtpSessionKeys.prf(masterKey, masterSalt, SrtpSessionKeys.LABEL_RTP_SALT, 14));
        assertArrayEquals(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"),
                SrtpSessionKeys.prf(masterKey, masterSalt, SrtpSessionKeys.LABEL_RTP_AUTHENTICATION, 20));

        SrtpSessionKeys derived = SrtpSessionKeys.derive(
                SrtpProfile.AES_CM_128_HMAC_SHA1_80, masterKey, masterSalt, false);
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", Hex.of(derived.cipherKey()));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.of(derived.authKey()));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", Hex.of(derived.salt()));
    }
}
