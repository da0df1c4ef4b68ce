package dev.sfu.api.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature every webhook carries in {@value #HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} where
 * the MAC is over {@code "<t>." + body} with the configured secret. Binding the timestamp lets a receiver refuse
 * replays older than its tolerance. docs/api.md shows how to verify it in other languages.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-SFU-Signature";

    private WebhookSignature() {}

    public static String sign(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hex(mac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} made within {@code toleranceSeconds} of
     * {@code nowSeconds}. Compares in constant time.
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            if (kv[0].equals("t")) {
                try {
                    t = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t < 0 || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hex(mac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }
}
