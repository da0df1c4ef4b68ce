/*
 * sfu-client: joins a room of the SFU from a browser. No DOM, no dependencies; served at /sdk/sfu-client.js.
 * The full API with examples is docs/sdk.md; the protocol underneath is docs/protocol.md.
 *
 *   import { Room } from '/sdk/sfu-client.js';
 *   const room = await Room.join({ url: location.origin, room: 'standup', name: 'Ann', token });
 *   room.on('trackSubscribed', ({ track, participant }) => show(track, participant));
 *   room.on('data', ({ from, data, topic }) => console.log(from, topic, new TextDecoder().decode(data)));
 *   await room.sendData('hello', { topic: 'chat' });
 *   await room.leave();
 *
 * Room.join resolves once the server accepted the join and the media connection is up (ICE and DTLS); it rejects
 * with an Error (its `code` the server's error code, when the server refused) if the session ends first. To see
 * every event from the start: `const room = new Room(options); room.on(...); await room.connect();`.
 *
 * Options: url (the server, e.g. location.origin), room, name (optional when the token carries one), token (a
 * join token; none in development mode), audio and video (true: the room asks getUserMedia itself and stops the
 * track on leave; a MediaStreamTrack: published as given, the caller keeps it; false: not published; both false:
 * a data-only participant), simulcast (default true: three video layers), codec ('h264' or 'vp8', video sent with
 * that codec), relayOnly (media only through the server's TURN relay).
 *
 * State: localParticipant {id, name, tracks}, participants (Map id -> {id, name, metadata, tracks: Map id ->
 * RemoteTrack}), permissions (the token's grants), roomName, signalingState, connectionState, pc.
 *
 * Events (room.on(type, handler); the handler gets the payload):
 *   joined                                  {}  the server accepted the join (localParticipant.id is set)
 *   participantJoined / participantLeft / participantUpdated   {participant}
 *   trackPublished / trackUnpublished       {participant, publication}  a remote track announced / gone
 *   trackSubscribed / trackUnsubscribed     {track, publication, participant}  its MediaStreamTrack arrived / ended
 *   trackUnsupported                        {participant, publication}  this browser offered none of its codecs
 *   data                                    {from, data, topic, reliable}  data: Uint8Array; from: null from the backend
 *   signalingStateChanged / connectionStateChanged   {state}  the WebSocket's / RTCPeerConnection's state
 *   notice                                  {message, kind: 'error'|'warn', code}  something a person should be told
 *   disconnected                            {reason, kind, rejoin, code}  the session ended without leave();
 *                                           rejoin: a fresh join (same options) is the way to recover
 */

import { PeerSession, CODEC_NAMES, SEND_CODEC_NAMES } from './peer.js';
import { Signaling, signalingUrl } from './signaling.js';
import { Emitter } from './emitter.js';
import { QUALITIES, RemoteTrack, trackSettingsToSend } from './remote-track.js';
import { Roster } from './roster.js';

export { CODEC_NAMES, SEND_CODEC_NAMES, QUALITIES, RemoteTrack };

export class Room extends Emitter {
  static async join(options) {
    const room = new Room(options);
    await room.connect();
    return room;
  }

  constructor({ url, room, name = '', token = '', audio = true, video = true, simulcast = true, codec = null, relayOnly = false }) {
    super();
    this.options = { url, token, audio, video, simulcast, codec, relayOnly };
    this.roomName = room;
    this.localParticipant = { id: null, name, tracks: [] };
    this.roster = new Roster(this);
    this.permissions = null;
    this.state = 'new'; // new, joining, joined, closed
    this.signaling = null;
    this.peer = null;
    this.ownTracks = [];
    this.settle = null;
  }

  /** Everyone else in the room: id -> {id, name, metadata, tracks: Map id -> RemoteTrack}. */
  get participants() {
    return this.roster.participants;
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

  /**
   * Joins; resolves once joined, the media connection is up and both data channels are open; rejects if the session
   * ends first.
   */
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
    const { token } = this.options;
    const { name } = this.localParticipant;
    this.signaling = new Signaling(signalingUrl(this.options.url), {
      onOpen: () => this.send({ type: 'join', requestId: 'join', room: this.roomName, ...(name ? { name } : {}), ...(token ? { token } : {}) }),
      onMessage: (message) => {
        if (!this.isClosed()) this.handle(message).catch((err) => this.notice(`Client error: ${err.message}`));
      },
      onStateChange: (state) => this.emitUnlessClosed('signalingStateChanged', { state }),
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
   * Sends `data` (a string, sent as UTF-8, or a Uint8Array) to every other participant, or to the ids in `to`,
   * with an optional `topic`; on the reliable channel (ordered, any size: split into parts) unless `reliable` is
   * false (unordered, no retransmission, at most one part of 64 KiB). Resolves once the message is handed to
   * the channel (waiting while the channel's buffer is full); rejects on bad arguments or a closed channel.
   */
  sendData(data, { reliable = true, to, topic } = {}) {
    if (!this.peer || this.isClosed()) return Promise.reject(new Error('not in a room'));
    return this.peer.data.send(data, { reliable, to, topic });
  }

  /**
   * The simulcast layer to receive of one remote video track: 'auto' (the layer that fits the size it is shown
   * at, see setVideoPreferences), 'low', 'medium' or 'high'.
   */
  setQuality(trackId, quality) {
    if (!QUALITIES.includes(quality)) throw new RangeError(`quality must be one of ${QUALITIES.join(', ')}`);
    for (const participant of this.participants.values()) {
      const track = participant.tracks.get(trackId);
      if (!track) continue;
      track.quality = quality;
      this.sendTrackSettings(participant, true);
      return;
    }
  }

  /**
   * What this client wants of a participant's video: `quality` (one of QUALITIES), the `width` and `height` it
   * shows it at (used in auto), `paused` (nothing is forwarded). Merged into what was set before; sent for each
   * subscribed video track now and for later ones once subscribed. A track's own setQuality wins over `quality`.
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
        const participant = this.roster.add(message.participant);
        // Usually announced without tracks (trackPublished follows); subscribe now if it has some.
        return participant?.tracks.size ? this.peer?.schedule() : undefined;
      }
      case 'participantLeft':
        this.roster.remove(message.participantId);
        return this.peer?.schedule();
      case 'participantUpdated':
        return this.roster.update(message.participant);
      case 'trackPublished':
        this.roster.addTrack(message.track);
        return this.peer?.schedule();
      case 'trackUnpublished':
        this.roster.removeTrack(message.participantId, message.trackId);
        return this.peer?.schedule();
      case 'trackUnsupported':
        return this.roster.trackUnsupported(message);
      case 'trackMuted':
        return this.roster.trackMuted(message);
      case 'error':
        return this.onServerError(message);
      case 'closed':
        return this.disconnect(`The server ended the session${message.reason ? `: ${message.reason}` : ''}.`, 'warn', false, message.code);
      case 'draining':
        return this.notice('The server is restarting soon; you may have to rejoin.', 'warn');
      case 'pong':
      default:
        return undefined; // unknown types are ignored so newer servers can add messages
    }
  }

  async onJoined(message) {
    this.localParticipant.id = message.participantId;
    this.localParticipant.name = message.name || this.localParticipant.name; // the token's name wins
    this.roomName = message.room || this.roomName;
    this.permissions = message.permissions ?? null;
    // A token without the publish grant: watch only (the server would refuse sending m-lines).
    if (this.permissions?.publish === false && this.localParticipant.tracks.length) {
      this.ownTracks.forEach((t) => t.stop());
      this.localParticipant.tracks = [];
    }
    this.state = 'joined';
    this.emit('joined', {});
    const iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
    const { relayOnly, simulcast, codec } = this.options;
    this.peer = new PeerSession(this, { iceServers, relayOnly, simulcast, codec, tracks: this.localParticipant.tracks });
    this.emit('connectionStateChanged', { state: this.connectionState });
    for (const p of message.participants || []) this.roster.add(p);
    await this.peer.negotiate(); // always an offer: the data channels' m=application is in every one
  }

  onServerError(message) {
    const text = `${message.message || 'Server error'} (${message.code || 'error'})`;
    if (!this.localParticipant.id) return this.disconnect(`Could not join: ${text}`, 'error', false, message.code);
    // trackSettings crossed the track's removal on the way (its publisher left or unpublished): nothing to tell.
    if (message.code === 'unknown_track') return console.debug(text);
    this.notice(text, message.code === 'data_not_allowed' ? 'warn' : 'error', message.code);
    return this.peer?.onOfferRefused(message);
  }

  /** Sends the participant's video tracks' trackSettings (see trackSettingsToSend). */
  sendTrackSettings(participant, all) {
    for (const settings of trackSettingsToSend(participant, all)) this.send(settings);
  }

  // PeerSession's host interface.

  send(message) {
    this.signaling?.send(message);
  }

  isClosed() {
    return this.state === 'closed';
  }

  notice(message, kind = 'error', code = null) {
    this.emit('notice', { message, kind, code });
  }

  trackAdded(participant, publication) {
    this.emit('trackSubscribed', { track: publication.mediaStreamTrack, publication, participant });
  }

  dataReceived(message) {
    this.emit('data', message);
  }

  connectionStateChanged(state) {
    this.emit('connectionStateChanged', { state });
    // Joined means media connected and both data channels open: the server drops what is sent to a participant
    // before its channels are open, so resolving earlier would let the app miss the first messages.
    if (state === 'connected') {
      this.peer?.data.opened().then(() => this.settle?.resolve(this), () => {});
    }
    if (state === 'failed') this.notice('The media connection failed. Try leaving and joining again.');
  }

  /** New subscriptions exist now: tell the server what each wants (a fixed quality, or the size shown). */
  answered() {
    for (const participant of this.participants.values()) this.sendTrackSettings(participant, false);
  }

  /** The first offer was refused: nothing was ever negotiated, so the session ends with the server's reason. */
  offerRefused(reason, code) {
    this.disconnect(reason, 'error', false, code);
  }

  answerFailed(err) {
    this.disconnect(`The media connection was reset (${err.message}).`, 'error', true);
  }

  // Ending.

  disconnect(reason, kind = 'error', rejoin = false, code = null) {
    if (this.isClosed()) return;
    this.close(reason, code);
    this.emit('disconnected', { reason, kind, rejoin, code });
  }

  close(reason, code = null) {
    if (this.isClosed()) return;
    this.state = 'closed';
    this.send({ type: 'leave' });
    this.peer?.close();
    this.signaling?.close();
    this.ownTracks.forEach((t) => t.stop());
    this.settle?.reject(Object.assign(new Error(reason), { code }));
  }

  emitUnlessClosed(type, payload) {
    if (!this.isClosed()) this.emit(type, payload);
  }
}
