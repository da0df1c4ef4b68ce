package dev.sfu.core.model;

import dev.sfu.core.model.LayerSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.util.List;

/**
 * A published track as the control plane sees it.
 *
 * @param ssrc the SSRC of its lowest (or only) layer, -1 until known
 * @param muted when the server stopped forwarding it (a backend mute)
 * @param layers its encodings, lowest first (one for audio and non-simulcast video)
 */
public record TrackSnapshot(String id, String participantId, String kind, String mid, String codec, long ssrc,
        long packets, long bytes, int subscribers, boolean muted, List<LayerSnapshot> layers) {}
