package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SrtpProfileTest {

    @Test
    void mapsUseSrtpIdsOfRfc5764AndRfc7714() {
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.fromUseSrtpId(0x0001));
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpProfile.fromUseSrtpId(0x0002));
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromUseSrtpId(0x0007));
        assertNull(SrtpProfile.fromUseSrtpId(0x0008));
        assertNull(SrtpProfile.fromUseSrtpId(0));
    }

    @Test
    void sha1_32KeepsAnEightyBitSrtcpTag() {
        assertEquals(4, SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtpAuthTagLength());
        assertEquals(10, SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtcpAuthTagLength());
        assertEquals(12, SrtpProfile.AEAD_AES_128_GCM.masterSaltLength());
        assertEquals(16, SrtpProfile.AEAD_AES_128_GCM.rtcpAuthTagLength());
    }

    @Test
    void contextRejectsKeysOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[14]));
        assertThrows(IllegalArgumentException.class,
                () -> new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[32], new byte[14]));
    }
}
