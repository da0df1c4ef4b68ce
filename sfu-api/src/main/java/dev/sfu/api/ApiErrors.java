package dev.sfu.api;

import dev.sfu.core.engine.SfuException;
import java.util.concurrent.CompletionException;

/** Maps failures to the stable error codes clients see. */
public final class ApiErrors {
    private ApiErrors() {}

    /** The code and message of a failure: SfuException keeps its own, anything else is "internal". */
    public static String[] describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof SfuException sfu) {
            return new String[] {sfu.code(), sfu.getMessage()};
        }
        return new String[] {"internal", "internal error"};
    }
}
