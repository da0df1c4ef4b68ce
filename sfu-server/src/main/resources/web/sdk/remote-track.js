/*
 * A track another participant publishes, as this client knows it, and the trackSettings messages that tell the
 * server what this client wants of it (docs/protocol.md, "Simulcast").
 */

/** The video qualities a receiver can ask for: auto (the layer that fits the size it shows) or a fixed layer. */
export const QUALITIES = ['auto', 'low', 'medium', 'high'];

/** A track another participant publishes (a "publication"), and what this client receives of it. */
export class RemoteTrack {
  constructor({ id, kind, participantId, muted }) {
    this.id = id;
    this.kind = kind;
    this.participantId = participantId;
    this.muted = Boolean(muted);
    this.transceiver = null; // set once subscribed
    this.mediaStreamTrack = null; // set once media is received
    this.unsupported = null; // the publisher's codec, when this browser cannot receive it
    this.quality = null; // setQuality's choice for this track; null: the participant's preference
    this.sentSettings = null; // the last trackSettings sent for it (JSON)
  }

  get mid() {
    return this.transceiver?.mid ?? null;
  }
}

/**
 * The trackSettings to send for each subscribed video track of `participant` whose last message said otherwise
 * (each message replaces the last, so leaving `paused` out resumes), marking them sent. Without `all`: only for
 * tracks that never had one, and only when the wishes are not the defaults the server assumes. A track's own
 * quality (Room.setQuality) wins over the participant's.
 */
export function trackSettingsToSend(participant, all) {
  const { width, height, paused } = participant.preferences;
  const out = [];
  for (const track of participant.tracks.values()) {
    if (track.kind !== 'video' || track.mid == null || (!all && track.sentSettings)) continue;
    const quality = track.quality ?? participant.preferences.quality;
    if (!all && quality === 'auto' && !width && !paused) continue;
    const settings = { type: 'trackSettings', trackId: track.id, quality };
    if (quality === 'auto' && width) {
      settings.width = width;
      settings.height = height;
    }
    if (paused) settings.paused = true;
    const text = JSON.stringify(settings);
    if (text === track.sentSettings) continue;
    track.sentSettings = text;
    out.push(settings);
  }
  return out;
}
