/*
 * sfu-client: joins a room of the SFU from a browser. No DOM, no dependencies; served at /sdk/sfu-client.js.
 *
 *   import { Room } from '/sdk/sfu-client.js';
 *   const room = await Room.join({ url: location.origin, room: 'standup', name: 'Ann', token });
 *   room.addEventListener('trackadded', ({ detail: { participant, track } }) => show(track.mediaStreamTrack));
 *   await room.leave();
 *
 * Room.join resolves once the server accepted the join and the media connection is up (at once for a viewer
 * with nothing to receive yet). To see everything from the start, add listeners before connecting:
 * `const room = new Room(options); room.addEventListener(...); await room.connect();`.
 *
 * Options: url (the server, e.g. location.origin), room, name, token (a join token; none in development
 * mode), audio and video (true: the room asks getUserMedia itself and stops the track on leave; a
 * MediaStreamTrack: published as given, the caller keeps it; false: not published), simulcast (default true:
 * three video layers), codec ('h264' or 'vp8', video sent with that codec), relayOnly (media only through the
 * server's TURN relay).
 *
 * State: localParticipant {id, name, tracks}, participants (Map id -> {id, name, metadata, tracks: Map id ->
 * RemoteTrack, preferences}), permissions (the token's grants), signalingState, connectionState, pc.
 *
 * Events (CustomEvent, payload in `detail`):
 *   joined                      the server accepted the join (localParticipant.id is set)
 *   participantjoined / participantleft / participantupdated   {participant}
 *   trackpublished / trackunpublished   {participant, track}   a remote track announced / gone
 *   trackadded                  {participant, track}   its media arrives on track.mediaStreamTrack
 *   trackunsupported            {participant, track}   this browser offered none of its codecs (track.unsupported)
 *   signalingstatechange / connectionstatechange   the WebSocket's / RTCPeerConnection's state changed
 *   notice                      {message, kind: 'error'|'warn'}   something a person should be told
 *   disconnected                {reason, kind, rejoin}   the session ended without leave(); rejoin: a fresh
 *                               join (same options) is the way to recover
 *
 * The protocol is docs/protocol.md.
 */

import { PeerSession, CODEC_NAMES, SEND_CODEC_NAMES } from './peer.js';
import { Signaling, signalingUrl } from './signaling.js';

export { CODEC_NAMES, SEND_CODEC_NAMES };

/** The video qualities a receiver can ask for: auto (the layer that fits the size it shows) or a fixed layer. */
export const QUALITIES = ['auto', 'low', 'medium', 'high'];

/** A track another participant publishes, and what this client receives of it. */
export class RemoteTrack {
  constructor({ id, kind, participantId, muted }) {
    this.id = id;
    this.kind = kind;
    this.participantId = participantId;
    this.muted = Boolean(muted);
    this.transceiver = null; // set once subscribed
    this.mediaStreamTrack = null; // set once media is received
    this.unsupported = null; // the publisher's codec, when this browser cannot receive it
    this.sentSettings = null; // the last trackSettings sent for it (JSON)
  }

  get mid() {
    return this.transceiver?.mid ?? null;
  }
}

export class Room extends EventTarget {
  static async join(options) {
    const room = new Room(options);
    await room.connect();
    return room;
  }

  constructor({ url, room, name, token = '', audio = true, video = true, simulcast = true, codec = null, relayOnly = false }) {
    super();
    this.options = { url, token, audio, video, simulcast, codec, relayOnly };
    this.roomName = room;
    this.localParticipant = { id: null, name, tracks: [] };
    this.participants = new Map();
    this.permissions = null;
    this.state = 'new'; // new, joining, joined, closed
    this.signaling = null;
    this.peer = null;
    this.ownTracks = [];
    this.settle = null;
  }

  get signalingState() {
    return this.signaling?.state ?? 'closed';
  }

  get pc() {
    return this.peer?.pc ?? null;
  }

  get connectionState() {
    return this.pc?.connectionState ?? 'closed';
  }

  /** Joins; resolves once joined and the media connection is up, rejects if the session ends first. */
  async connect() {
    if (this.state !== 'new') throw new Error('connect() was called already');
    this.state = 'joining';
    const connected = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    connected.catch(() => {}); // settled by close() even when connect() threw first: never an unhandled rejection
    try {
      this.localParticipant.tracks = await this.localTracks();
    } catch (err) {
      this.close(err.message);
      throw err;
    }
    if (this.state === 'closed') {
      this.ownTracks.forEach((t) => t.stop()); // left while the permission prompt was open
      throw new Error('left before joining');
    }
    this.signaling = new Signaling(signalingUrl(this.options.url), {
      onOpen: () => this.send({
        type: 'join', room: this.roomName, name: this.localParticipant.name, ...(this.options.token ? { token: this.options.token } : {}),
      }),
      onMessage: (message) => {
        if (!this.isClosed()) this.handle(message).catch((err) => this.notice(`Client error: ${err.message}`));
      },
      onStateChange: () => this.emitUnlessClosed('signalingstatechange'),
      onClose: (event) => {
        const why = this.localParticipant.id
          ? 'The connection to the server was lost.'
          : `Could not reach the server at ${signalingUrl(this.options.url)}${event.code !== 1006 ? ` (code ${event.code})` : ''}.`;
        this.disconnect(why);
      },
    });
    this.signaling.open();
    return connected;
  }

  /** Leaves the room: tells the server (when it can), closes the connections, stops the tracks it acquired. */
  async leave() {
    this.close('left the room');
  }

  /**
   * What this client wants of a participant's video: `quality` (one of QUALITIES), the `width` and `height` it
   * shows it at (used in auto), `paused` (nothing is forwarded). Merged into what was set before; sent for each
   * subscribed video track now and for later ones once subscribed.
   */
  setVideoPreferences(participantId, preferences) {
    const participant = this.participants.get(participantId);
    if (!participant) return;
    Object.assign(participant.preferences, preferences);
    this.sendTrackSettings(participant, true);
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  async localTracks() {
    const tracks = [];
    for (const kind of ['audio', 'video']) {
      const wanted = this.options[kind];
      if (wanted === true) {
        const constraints = kind === 'video' ? { width: 1280, height: 720 } : true;
        const [track] = (await navigator.mediaDevices.getUserMedia({ [kind]: constraints })).getTracks();
        this.ownTracks.push(track);
        tracks.push(track);
      } else if (wanted) {
        tracks.push(wanted);
      }
    }
    return tracks;
  }

  async handle(message) {
    switch (message.type) {
      case 'joined':
        return this.onJoined(message);
      case 'answer':
        return this.peer?.onAnswer(message.sdp);
      case 'participantJoined': {
        const participant = this.addParticipant(message.participant);
        // Usually announced without tracks (trackPublished follows); subscribe now if it has some.
        return participant?.tracks.size ? this.peer?.schedule() : undefined;
      }
      case 'participantLeft':
        this.removeParticipant(message.participantId);
        return this.peer?.schedule();
      case 'participantUpdated':
        return this.updateParticipant(message.participant);
      case 'trackPublished':
        this.addTrack(message.track);
        return this.peer?.schedule();
      case 'trackUnpublished':
        this.removeTrack(message.participantId, message.trackId);
        return this.peer?.schedule();
      case 'trackUnsupported':
        return this.onTrackUnsupported(message);
      case 'trackMuted': {
        const track = this.participants.get(message.participantId)?.tracks.get(message.trackId);
        if (track) track.muted = Boolean(message.muted); // the server stops or resumes forwarding it
        return undefined;
      }
      case 'error':
        return this.onServerError(message);
      case 'closed':
        return this.disconnect(`The server ended the session${message.reason ? `: ${message.reason}` : ''}.`, 'warn');
      case 'draining':
        return this.notice('The server is restarting soon; you may have to rejoin.', 'warn');
      case 'pong':
      default:
        return undefined; // unknown types are ignored so newer servers can add messages
    }
  }

  async onJoined(message) {
    this.localParticipant.id = message.participantId;
    this.roomName = message.room || this.roomName;
    this.permissions = message.permissions ?? null;
    // A token without the publish grant: watch only (the server would refuse sending m-lines).
    if (this.permissions?.publish === false && this.localParticipant.tracks.length) {
      this.ownTracks.forEach((t) => t.stop());
      this.localParticipant.tracks = [];
    }
    this.state = 'joined';
    this.emit('joined');
    const iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
    const { relayOnly, simulcast, codec } = this.options;
    this.peer = new PeerSession(this, { iceServers, relayOnly, simulcast, codec, tracks: this.localParticipant.tracks });
    this.emit('connectionstatechange');
    for (const p of message.participants || []) this.addParticipant(p);
    await this.peer.negotiate();
    if (!this.peer.hasTransceivers()) this.settle?.resolve(this); // a viewer with nothing to receive yet
  }

  onServerError(message) {
    const text = `${message.message || 'Server error'} (${message.code || 'error'})`;
    if (!this.localParticipant.id) return this.disconnect(`Could not join: ${text}`);
    // trackSettings crossed the track's removal on the way (its publisher left or unpublished): nothing to tell.
    if (message.code === 'unknown_track') return console.debug(text);
    this.notice(text);
    return this.peer?.onOfferRefused(message.code);
  }

  addParticipant(data) {
    if (!data || data.id === this.localParticipant.id || this.participants.has(data.id)) return null;
    const participant = {
      id: data.id,
      name: data.name || 'Guest',
      metadata: data.metadata ?? null,
      tracks: new Map(),
      preferences: { quality: 'auto', width: null, height: null, paused: false },
    };
    this.participants.set(participant.id, participant);
    for (const track of data.tracks || []) participant.tracks.set(track.id, new RemoteTrack({ ...track, participantId: participant.id }));
    this.emit('participantjoined', { participant });
    for (const track of participant.tracks.values()) this.emit('trackpublished', { participant, track });
    return participant;
  }

  updateParticipant(data) {
    const participant = this.participants.get(data?.id);
    if (!participant) return;
    participant.name = data.name || participant.name;
    participant.metadata = data.metadata ?? null;
    this.emit('participantupdated', { participant });
  }

  removeParticipant(participantId) {
    const participant = this.participants.get(participantId);
    if (!participant) return;
    for (const track of participant.tracks.values()) this.peer?.retire(track);
    this.participants.delete(participantId);
    this.emit('participantleft', { participant });
  }

  addTrack(data) {
    const participant = this.participants.get(data?.participantId);
    if (!participant || participant.tracks.has(data.id)) return;
    const track = new RemoteTrack(data);
    participant.tracks.set(track.id, track);
    this.emit('trackpublished', { participant, track });
  }

  removeTrack(participantId, trackId) {
    const participant = this.participants.get(participantId) || [...this.participants.values()].find((p) => p.tracks.has(trackId));
    const track = participant?.tracks.get(trackId);
    if (!track) return;
    this.peer?.retire(track);
    participant.tracks.delete(trackId);
    this.emit('trackunpublished', { participant, track });
  }

  /**
   * The server cannot send a remote track in any codec this browser offered (e.g. H.264 to a browser without
   * it): the transceiver stays and nothing arrives on it.
   */
  onTrackUnsupported(message) {
    const participant = this.participants.get(message.participantId);
    const track = participant?.tracks.get(message.trackId);
    if (!track) return;
    track.unsupported = message.codec;
    this.emit('trackunsupported', { participant, track });
  }

  /**
   * Sends the receiver's wishes for each subscribed video track of the participant whose last message said
   * otherwise (each message replaces the last, so leaving `paused` out resumes). Without `all`: only to tracks
   * that never had one, and only when the preferences are not the defaults the server assumes.
   */
  sendTrackSettings(participant, all) {
    const { quality, width, height, paused } = participant.preferences;
    if (!all && quality === 'auto' && !width && !paused) return;
    for (const track of participant.tracks.values()) {
      if (track.kind !== 'video' || track.mid == null || (!all && track.sentSettings)) continue;
      const settings = { type: 'trackSettings', trackId: track.id, quality };
      if (quality === 'auto' && width) {
        settings.width = width;
        settings.height = height;
      }
      if (paused) settings.paused = true;
      const text = JSON.stringify(settings);
      if (text === track.sentSettings) continue;
      track.sentSettings = text;
      this.send(settings);
    }
  }

  // PeerSession's host interface.

  send(message) {
    this.signaling?.send(message);
  }

  isClosed() {
    return this.state === 'closed';
  }

  notice(message, kind = 'error') {
    this.emit('notice', { message, kind });
  }

  trackAdded(participant, track) {
    this.emit('trackadded', { participant, track });
  }

  connectionStateChanged(state) {
    this.emit('connectionstatechange');
    if (state === 'connected') this.settle?.resolve(this);
    if (state === 'failed') this.notice('The media connection failed. Try leaving and joining again.');
  }

  /** New subscriptions exist now: tell the server what each wants (a fixed quality, or the size shown). */
  answered() {
    for (const participant of this.participants.values()) this.sendTrackSettings(participant, false);
  }

  answerFailed(err) {
    this.disconnect(`The media connection was reset (${err.message}).`, 'error', true);
  }

  // Ending.

  disconnect(reason, kind = 'error', rejoin = false) {
    if (this.isClosed()) return;
    this.close(reason);
    this.emit('disconnected', { reason, kind, rejoin });
  }

  close(reason) {
    if (this.isClosed()) return;
    this.state = 'closed';
    this.send({ type: 'leave' });
    this.peer?.close();
    this.signaling?.close();
    this.ownTracks.forEach((t) => t.stop());
    this.settle?.reject(new Error(reason));
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  emitUnlessClosed(type) {
    if (!this.isClosed()) this.emit(type);
  }
}
