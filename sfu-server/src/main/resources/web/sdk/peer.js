/*
 * The one RTCPeerConnection of a room session and its negotiation. The client is always the offerer: it sends
 * its own microphone/camera on sendonly transceivers, opens the two data channels, and adds one recvonly
 * transceiver per remote track it subscribes to, telling the server which mid should carry which remote track.
 * Only one offer is in flight at a time; changes made meanwhile trigger another offer once the answer has arrived.
 */

import { DataChannels } from './data-channels.js';

const ANSWER_TIMEOUT_MS = 10000;
/** Errors that refuse an offer, for a server that does not echo requestId. */
const REFUSING_CODES = ['invalid_sdp', 'bad_request', 'bad_subscriptions', 'internal', 'too_many_tracks', 'permission_denied', 'offer_in_flight'];
const NEGOTIATION_DEBOUNCE_MS = 40;

/**
 * Three simulcast layers, lowest first (the server reads them in this order): a quarter, half and full of
 * the 1280x720 capture. Receivers get the one that fits their tile and bandwidth.
 */
const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/**
 * The layers a capture of this size gets. Chromium sends three layers only from about 960x540 up, two from
 * 480x270, one below, and drops the TOP layers it will not send (measured with Chromium 156: a 640x480 camera with
 * three encodings sent 160x120 and 320x240, never 640x480). So a smaller camera gets fewer encodings, the last one
 * always at full size; none below 480x270 (plain video).
 */
export function simulcastEncodings({ width, height } = {}) {
  const pixels = (width || 1280) * (height || 720);
  if (pixels >= 0.99 * 960 * 540) return SIMULCAST_ENCODINGS;
  if (pixels >= 0.99 * 480 * 270) return SIMULCAST_ENCODINGS.slice(1);
  return null;
}

/** Codec names as people read them, by the lower-case names used in options and SDP. */
export const CODEC_NAMES = { h264: 'H.264', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', opus: 'Opus' };

/**
 * Video codecs a publisher can ask for (`codec` option): H.264 as Safari sends it (packetization-mode 1,
 * constrained baseline 42e01f), or VP8. Receivers always get the publisher's codec.
 */
const SEND_CODECS = {
  h264: (c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || '')
    && /profile-level-id=42e01f/i.test(c.sdpFmtpLine || ''),
  vp8: (c) => c.mimeType === 'video/VP8',
};
export const SEND_CODEC_NAMES = Object.keys(SEND_CODECS);

/**
 * `host` is the room: participants (Map of id -> participant with a `tracks` Map), send(message),
 * notice(text, kind), trackAdded(participant, track), dataReceived(message), connectionStateChanged(state),
 * answered(), answerFailed(error), offerRefused(reason, code), isClosed().
 */
export class PeerSession {
  constructor(host, { iceServers, relayOnly, simulcast, codec, tracks }) {
    this.host = host;
    this.idle = { audio: [], video: [] };
    this.offerInFlight = false;
    this.offerRequestId = null; // the requestId of the offer in flight: the server echoes it in an error
    this.offersSent = 0;
    this.renegotiate = false;
    this.answerTimer = null;
    this.negotiationTimer = null;
    // iceServers come from the server (a TURN relay for networks that block UDP); relayOnly forces the relay.
    const pc = new RTCPeerConnection({
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
      iceServers,
      iceTransportPolicy: relayOnly && iceServers.length ? 'relay' : 'all',
    });
    this.pc = pc;
    pc.addEventListener('connectionstatechange', () => {
      if (!host.isClosed()) host.connectionStateChanged(pc.connectionState);
    });
    pc.addEventListener('track', (event) => this.onRemoteTrack(event));
    const stream = new MediaStream(tracks);
    for (const track of tracks) {
      const init = { direction: 'sendonly', streams: [stream] };
      const layers = track.kind === 'video' && simulcast ? simulcastEncodings(track.getSettings?.()) : null;
      if (layers) init.sendEncodings = layers;
      const transceiver = pc.addTransceiver(track, init);
      if (track.kind === 'video') preferResolution(transceiver.sender, track);
      if (track.kind === 'video' && codec) this.preferCodec(transceiver, codec);
    }
    // After the sendonly m-lines (the first m-line tags the BUNDLE group) and before the first offer: every
    // offer then has m=application, so a participant with nothing to send or receive can still connect.
    this.data = new DataChannels(pc, {
      onMessage: (message) => host.dataReceived(message),
      warn: (text) => console.warn(`sfu-client: ${text}`),
    });
  }

  /** Publishes with the chosen codec (and its RTX); a browser that lacks it keeps its default, with a notice. */
  preferCodec(transceiver, codec) {
    const codecs = RTCRtpSender.getCapabilities?.('video')?.codecs || [];
    const chosen = codecs.filter(SEND_CODECS[codec]);
    if (!chosen.length || typeof transceiver.setCodecPreferences !== 'function') {
      this.host.notice(`This browser cannot send ${CODEC_NAMES[codec]} video; it uses its default codec.`, 'warn');
      return;
    }
    transceiver.setCodecPreferences([...chosen, ...codecs.filter((c) => c.mimeType === 'video/rtx')]);
  }

  /**
   * Coalesces a burst of room events (a leave arrives as trackUnpublished x2 + participantLeft) into
   * one offer. Besides saving round trips this matters for viewers: an offer whose every live m-line
   * the server then rejects leaves a max-bundle connection unusable.
   */
  schedule() {
    if (this.negotiationTimer) return;
    this.negotiationTimer = setTimeout(() => {
      this.negotiationTimer = null;
      this.negotiate();
    }, NEGOTIATION_DEBOUNCE_MS);
  }

  /** Sends an offer now, or marks that another is needed once the one in flight is answered. */
  async negotiate() {
    const { host, pc } = this;
    if (host.isClosed() || pc.signalingState === 'closed') return;
    if (this.offerInFlight) {
      this.renegotiate = true;
      return;
    }
    this.addMissingReceivers();
    this.offerInFlight = true;
    this.renegotiate = false;
    this.offerRequestId = `offer-${++this.offersSent}`;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      if (host.isClosed()) return;
      // Every subscription in every offer: one left out is unsubscribed.
      host.send({
        type: 'offer', requestId: this.offerRequestId, sdp: pc.localDescription.sdp, subscriptions: this.currentSubscriptions(),
      });
      this.answerTimer = setTimeout(() => {
        if (!host.isClosed() && this.offerInFlight) host.notice('The server has not answered the media offer.');
      }, ANSWER_TIMEOUT_MS);
    } catch (err) {
      this.offerInFlight = false;
      host.notice(`Could not create an offer: ${err.message}`);
      // A change that raced with this offer (e.g. a transceiver stopped meanwhile) deserves a fresh try.
      if (this.renegotiate) await this.negotiate();
    }
  }

  async onAnswer(sdp) {
    if (!this.offerInFlight) return; // no offer outstanding: a stray answer
    clearTimeout(this.answerTimer);
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (err) {
      // Chromium cannot roll back from here (e.g. every m-line rejected under max-bundle), and the
      // server keeps one DTLS session per participant, so only a fresh join recovers the call.
      this.offerInFlight = false;
      this.host.answerFailed(err);
      return;
    }
    this.offerInFlight = false;
    this.host.answered();
    if (this.renegotiate) await this.negotiate();
  }

  /**
   * An offer the server refused gets no answer: roll back to the last stable state so the next change can
   * negotiate. The server echoes the offer's requestId in its error; from a server that does not, the codes that
   * refuse an offer tell.
   */
  async onOfferRefused({ code, requestId, message }) {
    if (!this.offerInFlight) return;
    const refused = requestId ? requestId === this.offerRequestId : REFUSING_CODES.includes(code);
    if (!refused) return;
    this.offerInFlight = false;
    clearTimeout(this.answerTimer);
    // Chromium drops the data channels' m=application for good when the first offer is rolled back (later
    // offers have no m-line at all): with nothing negotiated yet, only a fresh connection recovers.
    if (!this.pc.currentRemoteDescription) {
      this.host.offerRefused(`The server refused the media offer: ${message}`, code);
      return;
    }
    // Rollback releases the mids this offer assigned; the next offer may number them anew (they are read
    // again after its setLocalDescription).
    await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
    if (this.renegotiate) await this.negotiate();
  }

  /** One recvonly transceiver per remote track that has none yet, reusing idle ones of that kind first. */
  addMissingReceivers() {
    for (const participant of this.host.participants.values()) {
      for (const track of participant.tracks.values()) {
        if (track.transceiver) continue;
        const idle = this.idle[track.kind].pop();
        if (idle) {
          idle.direction = 'recvonly';
          track.transceiver = idle;
        } else {
          track.transceiver = this.pc.addTransceiver(track.kind, { direction: 'recvonly' });
        }
      }
    }
  }

  /** mid -> trackId for every live subscription; mids exist only after setLocalDescription. */
  currentSubscriptions() {
    const subscriptions = {};
    for (const participant of this.host.participants.values()) {
      for (const track of participant.tracks.values()) {
        if (track.mid != null) subscriptions[track.mid] = track.id;
      }
    }
    return subscriptions;
  }

  onRemoteTrack(event) {
    if (this.host.isClosed()) return;
    // Our own subscription table says which track (and so which participant) a transceiver carries;
    // it is authoritative, where the msid stream id would only repeat it. None: a track that went away.
    for (const participant of this.host.participants.values()) {
      for (const track of participant.tracks.values()) {
        if (track.transceiver !== event.transceiver) continue;
        track.mediaStreamTrack = event.track;
        this.host.trackAdded(participant, track);
        return;
      }
    }
  }

  /**
   * A departed track's transceiver goes idle (inactive) for the next remote track of its kind rather than
   * being stopped: stopping the m-line that tags the BUNDLE group would make Chromium move to a new
   * ICE/DTLS transport, and idle m-lines keep the offer from growing with every track that comes and goes.
   * The server answers an m-line that names no subscription as inactive.
   */
  retire(track) {
    const { transceiver } = track;
    track.transceiver = null;
    if (!transceiver || isStopped(transceiver)) return;
    transceiver.direction = 'inactive';
    this.idle[track.kind].push(transceiver);
  }

  close() {
    this.data.close();
    clearTimeout(this.answerTimer);
    clearTimeout(this.negotiationTimer);
    this.pc.close();
  }
}

function isStopped(transceiver) {
  return transceiver.direction === 'stopped' || transceiver.currentDirection === 'stopped';
}

/** Asks the encoder to keep the capture resolution and drop frame rate instead under pressure. */
async function preferResolution(sender, track) {
  try {
    const params = sender.getParameters();
    params.degradationPreference = 'maintain-resolution';
    await sender.setParameters(params);
    if (sender.getParameters().degradationPreference === 'maintain-resolution') return;
  } catch {
    // Not supported here: fall through to the content hint, which Chromium maps to the same thing.
  }
  track.contentHint = 'detail';
}
