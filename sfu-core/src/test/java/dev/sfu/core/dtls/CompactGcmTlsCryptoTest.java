package dev.sfu.core.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class CompactGcmTlsCryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The GCM specification's (McGrew and Viega) Test Case 3: AES-128, 96-bit IV, no AAD, four blocks. */
    @Test
    void gcmSpecTestCase3() throws Exception {
        AEADBlockCipher gcm = new CompactGcmTlsCrypto(new SecureRandom()).createGCMMode(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(HEX.parseHex("feffe9928665731c6d6a8f9467308308")), 128,
                HEX.parseHex("cafebabefacedbaddecaf888")));
        byte[] plain = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
        byte[] out = new byte[gcm.getOutputSize(plain.length)];
        int n = gcm.processBytes(plain, 0, plain.length, out, 0);
        gcm.doFinal(out, n);
        assertArrayEquals(HEX.parseHex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
                + "4d5c2af327cd64a62cf35abd2ba6fab4"), out);
    }

    @Test
    void certificatesUseIt() {
        assertInstanceOf(CompactGcmTlsCrypto.class, DtlsCertificate.generate().crypto());
    }
}
