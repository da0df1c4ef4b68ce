package dev.sfu.api.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfu.api.shared.ApiErrors;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes REST responses: JSON bodies, and every error as {@code {"error":{"code","message"}}} with its status.
 */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final ObjectMapper json;

    Replies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Completes the request from a media-plane future on the request's own context: {@code status} and the body
     * {@code toBody} makes of the result, or the error the failure maps to.
     */
    <T> void complete(RoutingContext ctx, CompletableFuture<T> future, int status, Function<T, Object> toBody) {
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        future.whenComplete((result, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                fail(ctx, failure);
                return;
            }
            Object body;
            try {
                body = toBody.apply(result);
            } catch (RuntimeException e) {
                fail(ctx, e);
                return;
            }
            if (body == null) {
                ctx.response().setStatusCode(status == 200 ? 204 : status).end();
            } else {
                write(ctx.response(), status, body);
            }
        }));
    }

    void fail(RoutingContext ctx, Throwable failure) {
        int status = ApiErrors.status(failure);
        String[] error = ApiErrors.describe(failure);
        if (status == 500) {
            log.warn("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        error(ctx.response(), status, error[0], error[1]);
    }

    void error(HttpServerResponse response, int status, String code, String message) {
        write(response, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    void write(HttpServerResponse response, int status, Object body) {
        if (response.ended()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(json.writeValueAsString(body));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }
}
