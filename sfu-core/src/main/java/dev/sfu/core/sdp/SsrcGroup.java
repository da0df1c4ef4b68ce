package dev.sfu.core.sdp;

import java.util.List;
import java.util.Objects;

/** {@code a=ssrc-group:<semantics> <ssrc> ...} (RFC 5576), e.g. FID (media, rtx) or SIM (low to high). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
    }
}
