package dev.sfu.api.auth;

import dev.sfu.api.shared.FieldRules;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantPermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a signaling {@code join} may proceed, before anything else happens: the token's signature,
 * expiry and room are checked, and its grants become the participant's permissions. Without a token a join is
 * admitted only in development mode ({@code tokenRequired()} false), with a warning logged once.
 */
public final class JoinAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(JoinAuthorizer.class);

    private final JoinPolicy policy;
    private final AtomicBoolean warned = new AtomicBoolean();

    public JoinAuthorizer(JoinPolicy policy) {
        this.policy = policy;
    }

    /** What the join may do and be called. */
    public record Admission(JoinOptions options, String displayName) {}

    /**
     * A validly signed token is still held to the rules of the fields it stands for: the same as a {@code join}'s
     * name and {@code POST /api/v1/tokens}'s identity and metadata. A token made by another issuer with the shared
     * secret (or by an older server) cannot carry a 100 KB name, a newline into the logs, or oversized metadata.
     */
    private void checkClaims(JoinClaims claims) throws TokenException {
        if (!FieldRules.validIdentity(claims.identity())) {
            throw new TokenException("invalid_token", "the join token's subject must be 1-"
                    + FieldRules.MAX_IDENTITY_CHARS + " characters, no control characters");
        }
        if (!claims.name().isEmpty() && !FieldRules.validName(claims.name().trim())) {
            throw new TokenException("invalid_token", "the join token's name must be at most "
                    + FieldRules.MAX_NAME_CHARS + " characters, no control characters");
        }
        if (claims.metadata().length() > policy.maxMetadataChars()) {
            throw new TokenException("invalid_token", "the join token's metadata is longer than "
                    + policy.maxMetadataChars() + " characters");
        }
    }

    /**
     * @param token the join message's token, or null
     * @param room the room the join names
     * @param name the display name the join sends
     * @throws TokenException {@code token_required}, {@code invalid_token}, {@code token_expired},
     *     {@code wrong_room}
     */
    public Admission admit(String token, String room, String name) throws TokenException {
        if (token == null || token.isEmpty()) {
            if (policy.tokenRequired()) {
                throw new TokenException("token_required", "this server needs a join token: ask your backend for "
                        + "one (POST /api/v1/tokens) and send it as \"token\" in \"join\"");
            }
            if (warned.compareAndSet(false, true)) {
                log.warn("development mode: a join without a token was admitted with every grant; set SFU_API_KEY "
                        + "to require join tokens");
            }
            return new Admission(new JoinOptions("", "", ParticipantPermissions.all(), policy.newRoomDefaults()),
                    name);
        }
        JoinClaims claims = policy.tokens().verify(token);
        if (!claims.room().equals(room)) {
            throw new TokenException("wrong_room", "the join token is for another room");
        }
        checkClaims(claims);
        String displayName = claims.name().isEmpty() ? name : claims.name().trim();
        return new Admission(new JoinOptions(claims.identity(), claims.metadata(), claims.grants(),
                policy.autoCreateRooms() ? policy.newRoomDefaults() : null), displayName);
    }
}
