package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha1Test {

    /** RFC 2202 §3 test case 2 ("Jefe"), then random messages checked against the JDK's HmacSHA1. */
    @Test
    void matchesRfc2202AndTheJdkMac() throws Exception {
        HmacSha1 jefe = new HmacSha1("Jefe".getBytes());
        byte[] data = "what do ya want for nothing?".getBytes();
        byte[] out = new byte[20];
        jefe.start();
        jefe.update(data, 0, data.length);
        jefe.finish(out);
        assertArrayEquals(Hex.bytes("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"), out);

        Random random = new Random(1);
        byte[] key = new byte[20];
        random.nextBytes(key);
        HmacSha1 mine = new HmacSha1(key);
        Mac jdk = Mac.getInstance("HmacSHA1");
        jdk.init(new SecretKeySpec(key, "HmacSHA1"));
        for (int i = 0; i < 50; i++) {
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            mine.start();
            mine.update(message, 0, message.length);
            mine.finish(out);
            assertArrayEquals(jdk.doFinal(message), out);
        }
    }
}
