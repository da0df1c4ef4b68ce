package dev.sfu.api.shared;

/**
 * The rules for what a participant is called, applied the same wherever a value enters: the signaling {@code join},
 * the claims of a join token, and {@code POST /api/v1/tokens}. Names, identities and reasons end up in logs and in
 * other clients' screens, so control characters (a newline forging a log line, a NUL) are refused at the door
 * rather than escaped at every use.
 */
public final class FieldRules {
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_IDENTITY_CHARS = 128;

    private FieldRules() {}

    /** Whether {@code text} has a control character (Unicode Cc, C0 and C1) or a line or paragraph separator. */
    public static boolean hasControl(String text) {
        return text.codePoints().anyMatch(c -> {
            int type = Character.getType(c);
            return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
        });
    }

    /** A display name: 1-64 characters (code points) after trimming, none a control character. */
    public static boolean validName(String name) {
        int length = name.codePointCount(0, name.length());
        return length >= 1 && length <= MAX_NAME_CHARS && !hasControl(name);
    }

    /** A user's identity (a token's subject): 1-128 characters, none a control character. */
    public static boolean validIdentity(String identity) {
        int length = identity.codePointCount(0, identity.length());
        return length >= 1 && length <= MAX_IDENTITY_CHARS && !hasControl(identity);
    }
}
