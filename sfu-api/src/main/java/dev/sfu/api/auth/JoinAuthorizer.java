package dev.sfu.api.auth;

import dev.sfu.api.ApiConfig;
import dev.sfu.core.engine.JoinOptions;
import dev.sfu.core.engine.ParticipantPermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a signaling {@code join} may proceed, before anything else happens: the token's signature,
 * expiry and room are checked, and its grants become the participant's permissions. Without a token a join is
 * admitted only in development mode ({@link ApiConfig#tokenRequired()} false), with a warning logged once.
 */
public final class JoinAuthorizer {
    private static final Logger log = LoggerFactory.getLogger(JoinAuthorizer.class);

    private final ApiConfig config;
    private final AtomicBoolean warned = new AtomicBoolean();

    public JoinAuthorizer(ApiConfig config) {
        this.config = config;
    }

    /** What the join may do and be called. */
    public record Admission(JoinOptions options, String displayName) {}

    /**
     * @param token the join message's token, or null
     * @param room the room the join names
     * @param name the display name the join sends
     * @throws TokenException {@code token_required}, {@code invalid_token}, {@code token_expired},
     *     {@code wrong_room}
     */
    public Admission admit(String token, String room, String name) throws TokenException {
        if (token == null || token.isEmpty()) {
            if (config.tokenRequired()) {
                throw new TokenException("token_required", "this server needs a join token: ask your backend for "
                        + "one (POST /api/v1/tokens) and send it as \"token\" in \"join\"");
            }
            if (warned.compareAndSet(false, true)) {
                log.warn("development mode: a join without a token was admitted with every grant; set SFU_API_KEY "
                        + "to require join tokens");
            }
            return new Admission(new JoinOptions("", "", ParticipantPermissions.all(), config.newRoomDefaults()),
                    name);
        }
        JoinClaims claims = config.tokens().verify(token);
        if (!claims.room().equals(room)) {
            throw new TokenException("wrong_room", "the join token is for another room");
        }
        String displayName = claims.name().isEmpty() ? name : claims.name();
        return new Admission(new JoinOptions(claims.identity(), claims.metadata(), claims.grants(),
                config.autoCreateRooms() ? config.newRoomDefaults() : null), displayName);
    }
}
