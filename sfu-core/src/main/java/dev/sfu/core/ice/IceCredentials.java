package dev.sfu.core.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * ICE credentials of one side (RFC 8445 §5.3, RFC 8839 §5.4): the username fragment and password
 * exchanged in SDP as {@code a=ice-ufrag} and {@code a=ice-pwd}. The short-term MESSAGE-INTEGRITY key
 * is the password's UTF-8 bytes.
 *
 * @param ufrag the username fragment; not empty, no ':'
 * @param password the password; not empty
 */
public record IceCredentials(String ufrag, String password) {
    /** ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4). */
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        if (ufrag == null || ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ICE ufrag must be non-empty without ':': " + ufrag);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("ICE password must be non-empty");
        }
    }

    /** Fresh credentials from a {@link SecureRandom}: 8 ice-chars of ufrag, 24 of password. */
    public static IceCredentials random() {
        return new IceCredentials(randomIceChars(8), randomIceChars(24));
    }

    /** The password's UTF-8 bytes: the short-term MESSAGE-INTEGRITY key (RFC 8489 §9.1.1). */
    public byte[] integrityKey() {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomIceChars(int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
    }
}
