package dev.sfu.api.shared;

import dev.sfu.core.model.SfuException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** Maps failures to the stable error codes clients see, and to HTTP statuses for REST. */
public final class ApiErrors {
    /** The HTTP status of each code the media plane or the control plane can fail with. */
    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("room_not_found", 404),
            Map.entry("participant_not_found", 404),
            Map.entry("track_not_found", 404),
            Map.entry("room_exists", 409),
            Map.entry("room_full", 429),
            Map.entry("too_many_rooms", 429),
            Map.entry("draining", 503),
            Map.entry("shutting_down", 503),
            Map.entry("permission_denied", 403),
            Map.entry("invalid_sdp", 400),
            Map.entry("not_joined", 409));

    private ApiErrors() {}

    /** The code and message of a failure: SfuException and ApiException keep their own, anything else is "internal". */
    public static String[] describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof SfuException sfu) {
            return new String[] {sfu.code(), sfu.getMessage()};
        }
        if (cause instanceof ApiException api) {
            return new String[] {api.code(), api.getMessage()};
        }
        return new String[] {"internal", "internal error"};
    }

    /** The HTTP status for a failure: 500 for anything that is not a known refusal. */
    public static int status(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api.status();
        }
        if (cause instanceof SfuException sfu) {
            return STATUS.getOrDefault(sfu.code(), 500);
        }
        return 500;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
