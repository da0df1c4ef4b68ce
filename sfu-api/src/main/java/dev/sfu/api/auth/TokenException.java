package dev.sfu.api.auth;

/** A join token that cannot be used; {@code code} is one of the stable codes of docs/api.md. */
public final class TokenException extends Exception {
    private final String code;

    public TokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
