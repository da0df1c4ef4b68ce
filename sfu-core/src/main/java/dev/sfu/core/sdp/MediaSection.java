package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One media description: the {@code m=} line ({@code kind port protocol formats}), its {@code c=} line
 * value (null when absent) and the lines that follow it, in order (see {@link Attribute} for non-a lines).
 */
public record MediaSection(String kind, int port, String protocol, List<String> formats, String connection,
                           List<Attribute> attributes) {
    public MediaSection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(protocol, "protocol");
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** Values of every {@code a=name} line, in order (null entries are not possible: flags give ""). */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                out.add(a.value() == null ? "" : a.value());
            }
        }
        return out;
    }

    /** The value of the first {@code a=name} line; null when absent or a flag. */
    public String value(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    public boolean has(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
