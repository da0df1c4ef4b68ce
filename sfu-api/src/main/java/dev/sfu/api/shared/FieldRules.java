package dev.sfu.api.shared;

import java.util.regex.Pattern;

/**
 * The rules for what a room or a participant is called, applied the same wherever a value enters: the signaling
 * {@code join}, the claims of a join token, {@code POST /api/v1/tokens} and {@code POST /api/v1/rooms}. Names, identities and reasons end up in logs and in
 * other clients' screens, so control characters (a newline forging a log line, a NUL) are refused at the door
 * rather than escaped at every use.
 */
public final class FieldRules {
    /** A room's name: it appears in URLs and logs, so a small safe alphabet. */
    public static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** {@link #ROOM_NAME} in words, to follow the field's name in an error message. */
    public static final String ROOM_RULE = "must be 1-64 characters of letters, digits, '.', '_' or '-'";
    public static final int MAX_ROOM_CHARS = 64;
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
