package dev.sfu.api.rest;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * RFC 6750 bearer authentication of every REST call against the configured API keys: a request goes on only
 * with {@code Authorization: Bearer <key>} for one of them, compared in constant time; anything else is 401.
 */
final class ApiKeys implements Handler<RoutingContext> {
    private static final String PREFIX = "Bearer ";

    private final List<byte[]> keys;
    private final Replies replies;

    ApiKeys(List<String> keys, Replies replies) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.replies = replies;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        // RFC 7235 section 3.1: a 401 carries WWW-Authenticate naming the scheme (RFC 6750 section 3 for Bearer);
        // the scheme name is case-insensitive (RFC 7235 section 2.1), "bearer" included.
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sfu\"");
            replies.error(ctx.response(), 401, "unauthorized", "send the API key as 'Authorization: Bearer <key>'");
            return;
        }
        byte[] presented = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // Every key is compared, so the time taken does not tell which one came close.
            match |= MessageDigest.isEqual(presented, key);
        }
        if (!match) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sfu\", error=\"invalid_token\"");
            replies.error(ctx.response(), 401, "unauthorized", "invalid API key");
            return;
        }
        ctx.next();
    }
}
