/*
 * Who else is in the room and what they publish, as the server's events tell it: the `participants` Map of a
 * Room, kept here, with the events each change emits through the room (docs/sdk.md, "Events").
 */

import { RemoteTrack } from './remote-track.js';

export class Roster {
  /** `room`: the Room (localParticipant, peer, emit). */
  constructor(room) {
    this.room = room;
    this.participants = new Map(); // id -> {id, name, metadata, tracks: Map id -> RemoteTrack, preferences}
  }

  add(data) {
    if (!data || data.id === this.room.localParticipant.id || this.participants.has(data.id)) return null;
    const participant = {
      id: data.id,
      name: data.name || 'Guest',
      metadata: data.metadata ?? null,
      tracks: new Map(),
      preferences: { quality: 'auto', width: null, height: null, paused: false },
    };
    this.participants.set(participant.id, participant);
    for (const track of data.tracks || []) participant.tracks.set(track.id, new RemoteTrack({ ...track, participantId: participant.id }));
    this.room.emit('participantJoined', { participant });
    for (const publication of participant.tracks.values()) this.room.emit('trackPublished', { participant, publication });
    return participant;
  }

  update(data) {
    if (data?.id && data.id === this.room.localParticipant.id) {
      this.room.localParticipant.name = data.name || this.room.localParticipant.name;
      this.room.localParticipant.metadata = data.metadata ?? null;
    }
    const participant = this.participants.get(data?.id);
    if (!participant) return;
    participant.name = data.name || participant.name;
    participant.metadata = data.metadata ?? null;
    this.room.emit('participantUpdated', { participant });
  }

  remove(participantId) {
    const participant = this.participants.get(participantId);
    if (!participant) return;
    for (const track of participant.tracks.values()) this.unsubscribe(participant, track);
    this.participants.delete(participantId);
    this.room.peer?.data.forget(participantId);
    this.room.emit('participantLeft', { participant });
  }

  addTrack(data) {
    const participant = this.participants.get(data?.participantId);
    if (!participant || participant.tracks.has(data.id)) return;
    const track = new RemoteTrack(data);
    participant.tracks.set(track.id, track);
    this.room.emit('trackPublished', { participant, publication: track });
  }

  removeTrack(participantId, trackId) {
    const participant = this.participants.get(participantId) || [...this.participants.values()].find((p) => p.tracks.has(trackId));
    const track = participant?.tracks.get(trackId);
    if (!track) return;
    this.unsubscribe(participant, track);
    participant.tracks.delete(trackId);
    this.room.emit('trackUnpublished', { participant, publication: track });
  }

  /** The track's transceiver goes idle for reuse; what was received of it ends. */
  unsubscribe(participant, publication) {
    this.room.peer?.retire(publication);
    const track = publication.mediaStreamTrack;
    if (!track) return;
    publication.mediaStreamTrack = null;
    this.room.emit('trackUnsubscribed', { track, publication, participant });
  }

  /**
   * The server cannot send a remote track in any codec this browser offered (e.g. H.264 to a browser without
   * it): the transceiver stays and nothing arrives on it.
   */
  trackUnsupported(message) {
    const participant = this.participants.get(message.participantId);
    const track = participant?.tracks.get(message.trackId);
    if (!track) return;
    track.unsupported = message.codec;
    this.room.emit('trackUnsupported', { participant, publication: track });
  }

  /** The backend muted or unmuted a remote track: the server stops or resumes forwarding it. */
  trackMuted({ participantId, trackId, muted }) {
    const track = this.participants.get(participantId)?.tracks.get(trackId);
    if (track) track.muted = Boolean(muted);
  }
}
