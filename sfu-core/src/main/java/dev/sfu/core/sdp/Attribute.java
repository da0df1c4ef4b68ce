package dev.sfu.core.sdp;

import java.util.Objects;

/**
 * One {@code a=} line: {@code a=name:value}, or {@code a=name} for a flag (value null). The value is kept
 * exactly as written after the first ':'.
 *
 * <p>Lines other than {@code a=} that the generic model has no field for ({@code t=}, {@code b=},
 * {@code i=}, ...) are kept in the same list, in their original order, as an Attribute whose name is the
 * line type followed by '=' (e.g. {@code new Attribute("b=", "AS:30")}); {@link #isRawLine()} tells them apart.
 */
public record Attribute(String name, String value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
    }

    /** A flag attribute such as {@code a=rtcp-mux}. */
    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    /** True for a kept non-{@code a=} line such as {@code b=AS:30}. */
    public boolean isRawLine() {
        return name.length() == 2 && name.charAt(1) == '=';
    }

    /** The line as written in SDP, without the line ending. */
    public String line() {
        if (isRawLine()) {
            return name + (value == null ? "" : value);
        }
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
