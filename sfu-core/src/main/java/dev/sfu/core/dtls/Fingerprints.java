package dev.sfu.core.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Certificate fingerprints as SDP carries them (RFC 8122 §5): a hash function name from the IANA
 * "Hash Function Textual Names" registry and the digest of the DER certificate as colon-separated
 * uppercase hex pairs.
 */
final class Fingerprints {
    static final String SHA_256 = "sha-256";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Fingerprints() {
    }

    /** True for the names this implementation can check (sha-1, sha-256, sha-384, sha-512). */
    static boolean isSupported(String algorithm) {
        return jcaName(algorithm) != null;
    }

    static byte[] digest(String algorithm, byte[] der) {
        String jca = jcaName(algorithm);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm: " + algorithm);
        }
        try {
            return MessageDigest.getInstance(jca).digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " missing from the JDK", e);
        }
    }

    static String format(byte[] digest) {
        StringBuilder sb = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX[(digest[i] >> 4) & 0xF]).append(HEX[digest[i] & 0xF]);
        }
        return sb.toString();
    }

    /** Compares the certificate's digest with an SDP fingerprint, ignoring case and surrounding blanks. */
    static boolean matches(String algorithm, String expected, byte[] der) {
        String actual = format(digest(algorithm, der));
        return MessageDigest.isEqual(
                actual.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                expected.trim().toUpperCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String jcaName(String algorithm) {
        if (algorithm == null) {
            return null;
        }
        return switch (algorithm.trim().toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }
}
