package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.ApiConfig;
import dev.sfu.api.shared.ApiException;
import dev.sfu.api.shared.FieldRules;
import dev.sfu.core.model.ParticipantPermissions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/tokens}: issues a signed join token for one room, identity and set of grants, so a
 * backend can let a browser join without ever handing it the API key (docs/api.md, "Join tokens").
 */
final class TokensApi {
    static final Pattern IDENTITY = Pattern.compile("[^\\p{Cntrl}]{1,128}");
    static final int MAX_NAME_CHARS = FieldRules.MAX_NAME_CHARS;

    private final ObjectMapper json;
    private final ApiConfig config;
    private final Replies replies;

    TokensApi(ObjectMapper json, ApiConfig config, Replies replies) {
        this.json = json;
        this.config = config;
        this.replies = replies;
    }

    void mount(Router router) {
        router.post(ControlPlane.BASE + "/tokens").handler(this::issue);
    }

    private void issue(RoutingContext ctx) {
        try {
            JsonBody body = JsonBody.parse(ctx, json, Set.of("room", "identity", "name", "metadata", "grants",
                    "ttlSeconds"), false);
            String room = body.string("room", true, FieldRules.MAX_ROOM_CHARS, FieldRules.ROOM_NAME,
                    FieldRules.ROOM_RULE);
            String identity = body.string("identity", true, 128, IDENTITY, "must be 1-128 characters, no control "
                    + "characters");
            String name = body.string("name", false, MAX_NAME_CHARS, null, null);
            if (name != null && !name.isBlank() && !FieldRules.validName(name.trim())) {
                throw new ApiException(400, "invalid_field", "\"name\" must be at most " + MAX_NAME_CHARS
                        + " characters, no control characters");
            }
            String metadata = body.string("metadata", false, config.maxMetadataChars(), null, null);
            Integer ttl = body.integer("ttlSeconds", false, 1, config.maxTokenTtl().toSeconds());
            JsonBody grants = body.object("grants", Set.of("publish", "subscribe", "publishData", "admin"));
            ParticipantPermissions permissions = grants == null ? ParticipantPermissions.all()
                    : new ParticipantPermissions(orDefault(grants.bool("publish", false), true),
                            orDefault(grants.bool("subscribe", false), true),
                            orDefault(grants.bool("publishData", false), true),
                            orDefault(grants.bool("admin", false), false));
            Duration lifetime = ttl == null ? config.defaultTokenTtl() : Duration.ofSeconds(ttl);
            String token = config.tokens().issue(room, identity, name == null ? "" : name.trim(), metadata,
                    permissions, lifetime);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("token", token);
            reply.put("room", room);
            reply.put("identity", identity);
            reply.put("grants", permissions);
            reply.put("expiresAtMillis", System.currentTimeMillis() + lifetime.toMillis());
            replies.write(ctx.response(), 201, reply);
        } catch (ApiException e) {
            replies.fail(ctx, e);
        }
    }

    private static boolean orDefault(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
