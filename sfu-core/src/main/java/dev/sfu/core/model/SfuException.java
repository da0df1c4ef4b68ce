package dev.sfu.core.model;

import dev.sfu.core.model.SfuException;

/**
 * A request the media plane refuses, with a stable code the control plane passes on to the client
 * (e.g. "room_full", "invalid_sdp").
 */
public final class SfuException extends RuntimeException {
    private final String code;

    public SfuException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SfuException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static SfuException invalidSdp(String message, Throwable cause) {
        return new SfuException("invalid_sdp", message, cause);
    }
}
