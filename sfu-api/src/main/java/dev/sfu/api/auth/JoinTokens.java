package dev.sfu.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sfu.core.model.ParticipantPermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed, short-lived join tokens: JWTs (RFC 7519) signed with HMAC-SHA256 (JWS {@code HS256}) by
 * Nimbus JOSE+JWT. A token names one room, the user's identity (subject) and the grants; a browser presents it
 * in the signaling {@code join} and never sees the API key. Format in docs/api.md. Thread-safe.
 *
 * <p>Verification accepts only {@code HS256} with this server's secret (so {@code alg: none} and other keys
 * fail), the audience {@value #AUDIENCE}, and an unexpired {@code exp}; {@code nbf} and {@code iat} may be at
 * most {@link #CLOCK_SKEW} in the future.
 */
public final class JoinTokens {
    public static final String ISSUER = "sfu";
    public static final String AUDIENCE = "sfu-join";
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);
    /** A secret shorter than this is refused: HS256 wants at least 256 bits of key (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private final byte[] secret;
    private final Clock clock;
    private final MACSigner signer;
    private final JWSVerifier verifier;

    public JoinTokens(byte[] secret, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
        try {
            this.signer = new MACSigner(this.secret);
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable token secret: " + e.getMessage(), e);
        }
    }

    /** Signs a token for {@code room} valid for {@code ttl} from now. */
    public String issue(String room, String identity, String name, String metadata, ParticipantPermissions grants,
            Duration ttl) {
        long now = clock.millis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(identity)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date(now))
                .notBeforeTime(new Date(now))
                .expirationTime(new Date(now + ttl.toMillis()))
                .claim("room", room)
                .claim("name", name == null ? "" : name)
                .claim("metadata", metadata == null ? "" : metadata)
                .claim("grants", Map.of("publish", grants.publish(), "subscribe", grants.subscribe(),
                        "publishData", grants.publishData(), "admin", grants.admin()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a join token failed", e);
        }
        return jwt.serialize();
    }

    /**
     * Checks the token's signature, algorithm, audience and times.
     *
     * @throws TokenException {@code invalid_token} (malformed, wrong algorithm, bad signature, wrong audience,
     *     missing claims) or {@code token_expired}
     */
    public JoinClaims verify(String token) throws TokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new TokenException("invalid_token", "the join token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new TokenException("invalid_token", "the join token must be signed with HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new TokenException("invalid_token", "the join token's signature does not verify");
            }
        } catch (JOSEException e) {
            throw new TokenException("invalid_token", "the join token's signature does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenException("invalid_token", "the join token's claims are not valid JSON");
        }
        long now = clock.millis();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new TokenException("invalid_token", "the join token has no expiry (exp)");
        }
        if (now >= expires.getTime()) {
            throw new TokenException("token_expired", "the join token expired");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && issued.getTime() > now + CLOCK_SKEW.toMillis()) {
            throw new TokenException("invalid_token", "the join token was issued in the future (iat)");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.getTime() > now + CLOCK_SKEW.toMillis()) {
            throw new TokenException("invalid_token", "the join token is not valid yet (nbf)");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(AUDIENCE)) {
            throw new TokenException("invalid_token", "the join token is not meant for joining (aud)");
        }
        try {
            String room = claims.getStringClaim("room");
            String identity = claims.getSubject();
            if (room == null || identity == null) {
                throw new TokenException("invalid_token", "the join token names no room or no subject");
            }
            String name = claims.getStringClaim("name");
            String metadata = claims.getStringClaim("metadata");
            Map<String, Object> grants = claims.getJSONObjectClaim("grants");
            ParticipantPermissions permissions = new ParticipantPermissions(grant(grants, "publish"),
                    grant(grants, "subscribe"), grant(grants, "publishData"), grant(grants, "admin"));
            return new JoinClaims(room, identity, name == null ? "" : name, metadata == null ? "" : metadata,
                    permissions, expires.getTime());
        } catch (ParseException e) {
            throw new TokenException("invalid_token", "the join token has a claim of the wrong type");
        }
    }

    private static boolean grant(Map<String, Object> grants, String name) {
        return grants != null && Boolean.TRUE.equals(grants.get(name));
    }
}
