package dev.sfu.core.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The signed State Cookie (RFC 9260 §5.1.3, §5.1.5). */
class CookieSignerTest {
    private static final long LIFETIME = 60_000_000_000L;
    private final CookieSigner signer = new CookieSigner(new SecureRandom());
    private final CookieSigner.Contents contents =
            new CookieSigner.Contents(0xCAFEBABEL, 7, 0xDEADBEEFL, 0xFFFF_FFFFL, 1 << 20, 1024, 65535, true, 5_000);

    @Test
    void aFreshCookieIsValidAndCarriesItsContents() {
        Bytes cookie = signer.sign(contents);
        assertEquals(CookieSigner.Check.VALID, signer.check(cookie, 6_000, LIFETIME));
        assertEquals(contents, signer.read(cookie));
    }

    @Test
    void anyFlippedBitFailsTheMac() {
        byte[] bytes = signer.sign(contents).toArray();
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x10;
            assertEquals(CookieSigner.Check.BAD_MAC, signer.check(Bytes.of(tampered), 6_000, LIFETIME), "byte " + i);
        }
    }

    @Test
    void anotherAssociationsKeyOrATruncatedCookieFails() {
        Bytes cookie = signer.sign(contents);
        assertEquals(CookieSigner.Check.BAD_MAC, new CookieSigner(new SecureRandom()).check(cookie, 6_000, LIFETIME));
        byte[] shorter = java.util.Arrays.copyOf(cookie.toArray(), 20);
        assertEquals(CookieSigner.Check.BAD_MAC, signer.check(Bytes.of(shorter), 6_000, LIFETIME));
    }

    @Test
    void aCookieOlderThanItsLifetimeOrFromTheFutureIsStale() {
        Bytes cookie = signer.sign(contents);
        assertEquals(CookieSigner.Check.STALE, signer.check(cookie, 5_000 + LIFETIME + 1, LIFETIME));
        assertEquals(CookieSigner.Check.STALE, signer.check(cookie, 4_000, LIFETIME));
    }
}
