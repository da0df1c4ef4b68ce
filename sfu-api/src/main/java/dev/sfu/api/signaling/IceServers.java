package dev.sfu.api.signaling;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN/TURN servers a client should give its RTCPeerConnection, sent in {@code joined}. The SFU itself is
 * ICE-lite on a public address, so most clients need none; a TURN relay helps those behind networks that block
 * UDP to arbitrary ports.
 *
 * <p>TURN credentials are either one static username/password (coturn {@code --user}) or, better, made per
 * participant from a secret shared with the TURN server (coturn {@code --use-auth-secret
 * --static-auth-secret}, the "TURN REST API" of draft-uberti-behave-turn-rest): the username is
 * {@code <expiry unix seconds>:<participant id>} and the password is base64(HMAC-SHA1(secret, username)), so a
 * leaked credential expires on its own and nothing has to be provisioned per user.
 */
public final class IceServers {
    private static final IceServers NONE = new IceServers(List.of(), List.of(), "", "", "", Duration.ZERO,
            Clock.systemUTC());
    private final List<String> stunUrls;
    private final List<String> turnUrls;
    private final String sharedSecret;
    private final String username;
    private final String password;
    private final Duration credentialTtl;
    private final Clock clock;

    private IceServers(List<String> stunUrls, List<String> turnUrls, String sharedSecret, String username,
            String password, Duration credentialTtl, Clock clock) {
        this.stunUrls = List.copyOf(stunUrls);
        this.turnUrls = List.copyOf(turnUrls);
        this.sharedSecret = sharedSecret;
        this.username = username;
        this.password = password;
        this.credentialTtl = credentialTtl;
        this.clock = clock;
    }

    /** No servers: clients reach the SFU's host candidate directly. */
    public static IceServers none() {
        return NONE;
    }

    /**
     * @param urls {@code stun:}, {@code turn:} and {@code turns:} URLs (RFC 7064/7065)
     * @param sharedSecret the TURN server's auth secret for per-participant credentials, or empty
     * @param username a static TURN username (used when there is no shared secret), or empty
     * @param password the static TURN password, or empty
     * @param credentialTtl how long a per-participant credential stays valid (it must outlive the call: the TURN
     *     server checks it on every allocation refresh)
     * @throws IllegalArgumentException for a URL of another scheme, or TURN URLs without any credentials
     */
    public static IceServers of(List<String> urls, String sharedSecret, String username, String password,
            Duration credentialTtl, Clock clock) {
        List<String> stun = new ArrayList<>();
        List<String> turn = new ArrayList<>();
        for (String url : urls) {
            if (url.startsWith("stun:") || url.startsWith("stuns:")) {
                stun.add(url);
            } else if (url.startsWith("turn:") || url.startsWith("turns:")) {
                turn.add(url);
            } else {
                throw new IllegalArgumentException("'" + url + "' is not a stun:, turn: or turns: URL");
            }
        }
        boolean hasSecret = sharedSecret != null && !sharedSecret.isEmpty();
        boolean hasStatic = username != null && !username.isEmpty() && password != null && !password.isEmpty();
        if (!turn.isEmpty() && !hasSecret && !hasStatic) {
            throw new IllegalArgumentException("TURN URLs need credentials: a shared secret, or a username and "
                    + "password");
        }
        if (hasSecret && (credentialTtl.isNegative() || credentialTtl.isZero())) {
            throw new IllegalArgumentException("the TURN credential lifetime must be positive");
        }
        return new IceServers(stun, turn, hasSecret ? sharedSecret : "", hasStatic ? username : "",
                hasStatic ? password : "", credentialTtl, clock);
    }

    public boolean isEmpty() {
        return stunUrls.isEmpty() && turnUrls.isEmpty();
    }

    /** The {@code RTCIceServer} dictionaries for one participant, as JSON-ready maps. */
    public List<Map<String, Object>> forParticipant(String participantId) {
        List<Map<String, Object>> servers = new ArrayList<>(2);
        if (!stunUrls.isEmpty()) {
            servers.add(Map.of("urls", stunUrls));
        }
        if (!turnUrls.isEmpty()) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("urls", turnUrls);
            if (!sharedSecret.isEmpty()) {
                String user = (clock.instant().getEpochSecond() + credentialTtl.toSeconds()) + ":" + participantId;
                turn.put("username", user);
                turn.put("credential", restApiPassword(sharedSecret, user));
            } else {
                turn.put("username", username);
                turn.put("credential", password);
            }
            servers.add(turn);
        }
        return servers;
    }

    /** base64(HMAC-SHA1(secret, username)): what coturn computes for {@code --use-auth-secret}. */
    static String restApiPassword(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
