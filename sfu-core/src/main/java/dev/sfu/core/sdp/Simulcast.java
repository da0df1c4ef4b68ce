package dev.sfu.core.sdp;

import java.util.List;

/**
 * {@code a=simulcast:send q;h;f [recv ...]} (RFC 8853 section 5.1). Of a set of alternatives
 * ({@code 1,2}) only the first is kept; paused rids ({@code ~q}) are dropped, so each list holds the
 * rids that will actually flow, in the order written.
 */
public record Simulcast(List<String> sendRids, List<String> recvRids) {
    public Simulcast {
        sendRids = List.copyOf(sendRids);
        recvRids = List.copyOf(recvRids);
    }

    /** The same streams as the other side describes them: send and recv swapped. */
    public Simulcast reverse() {
        return new Simulcast(recvRids, sendRids);
    }
}
