// The library's bookkeeping of the room (sdk/roster.js, sdk/remote-track.js, sdk/emitter.js) without a browser:
// which events each server message causes, in which order, and which trackSettings setQuality sends.
// Run: node --test e2e/unit/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Roster } from '../../sfu-server/src/main/resources/web/sdk/roster.js';
import { trackSettingsToSend } from '../../sfu-server/src/main/resources/web/sdk/remote-track.js';
import { Emitter } from '../../sfu-server/src/main/resources/web/sdk/emitter.js';

/** A stand-in Room: an Emitter that records every event, and a peer that records retired tracks. */
function fakeRoom() {
  const room = new Emitter();
  room.events = [];
  room.retired = [];
  room.forgotten = [];
  room.localParticipant = { id: 'PA_me', name: 'Me' };
  room.peer = { retire: (t) => room.retired.push(t.id), data: { forget: (id) => room.forgotten.push(id) } };
  for (const type of ['participantJoined', 'participantLeft', 'participantUpdated', 'trackPublished', 'trackUnpublished',
    'trackUnsubscribed', 'trackUnsupported']) {
    room.on(type, (payload) => room.events.push([type, payload.participant.id, (payload.publication ?? {}).id ?? null]));
  }
  return room;
}

const BOB = { id: 'PA_bob', name: 'Bob', metadata: '', tracks: [{ id: 'TR_a', participantId: 'PA_bob', kind: 'audio' }] };

test('a participant already publishing is announced, then each of its tracks', () => {
  const room = fakeRoom();
  new Roster(room).add(BOB);
  assert.deepEqual(room.events, [['participantJoined', 'PA_bob', null], ['trackPublished', 'PA_bob', 'TR_a']]);
});

test('ourselves and a participant known already are not added', () => {
  const room = fakeRoom();
  const roster = new Roster(room);
  assert.equal(roster.add({ id: 'PA_me', name: 'Me' }), null);
  roster.add(BOB);
  assert.equal(roster.add(BOB), null);
  assert.equal(roster.participants.size, 1);
});

test('leaving unsubscribes what was received, retires the transceivers, forgets unfinished data', () => {
  const room = fakeRoom();
  const roster = new Roster(room);
  roster.add(BOB);
  roster.participants.get('PA_bob').tracks.get('TR_a').mediaStreamTrack = { kind: 'audio' };
  room.events.length = 0;
  roster.remove('PA_bob');
  assert.deepEqual(room.events, [['trackUnsubscribed', 'PA_bob', 'TR_a'], ['participantLeft', 'PA_bob', null]]);
  assert.deepEqual(room.retired, ['TR_a']);
  assert.deepEqual(room.forgotten, ['PA_bob']);
  assert.equal(roster.participants.size, 0);
});

test('an unpublished track that never delivered media is not "unsubscribed"', () => {
  const room = fakeRoom();
  const roster = new Roster(room);
  roster.add(BOB);
  room.events.length = 0;
  roster.removeTrack('PA_bob', 'TR_a');
  assert.deepEqual(room.events, [['trackUnpublished', 'PA_bob', 'TR_a']]);
});

test('an update of ourselves changes localParticipant, not the roster', () => {
  const room = fakeRoom();
  new Roster(room).update({ id: 'PA_me', name: 'New Me', metadata: '{"seat":1}' });
  assert.equal(room.localParticipant.name, 'New Me');
  assert.equal(room.localParticipant.metadata, '{"seat":1}');
  assert.deepEqual(room.events, []);
});

test('setQuality on a track wins over the participant preference; unchanged settings are not sent again', () => {
  const room = fakeRoom();
  const roster = new Roster(room);
  roster.add({ ...BOB, tracks: [{ id: 'TR_v', participantId: 'PA_bob', kind: 'video' }] });
  const bob = roster.participants.get('PA_bob');
  const video = bob.tracks.get('TR_v');
  assert.deepEqual(trackSettingsToSend(bob, true), [], 'not subscribed yet: no mid');
  video.transceiver = { mid: '3' };
  assert.deepEqual(trackSettingsToSend(bob, false), [], 'defaults: nothing to tell');
  video.quality = 'low';
  assert.deepEqual(trackSettingsToSend(bob, true), [{ type: 'trackSettings', trackId: 'TR_v', quality: 'low' }]);
  assert.deepEqual(trackSettingsToSend(bob, true), [], 'the same again is not sent');
  video.quality = null;
  Object.assign(bob.preferences, { quality: 'auto', width: 640, height: 360, paused: true });
  assert.deepEqual(trackSettingsToSend(bob, true),
    [{ type: 'trackSettings', trackId: 'TR_v', quality: 'auto', width: 640, height: 360, paused: true }]);
});

test('a handler that throws does not stop the others; off and once', () => {
  const emitter = new Emitter();
  const seen = [];
  const quiet = console.error;
  console.error = () => {};
  try {
    const second = () => seen.push('second');
    emitter.on('x', () => { throw new Error('boom'); }).on('x', second).once('x', () => seen.push('once'));
    emitter.emit('x');
    emitter.off('x', second);
    emitter.emit('x');
  } finally {
    console.error = quiet;
  }
  assert.deepEqual(seen, ['second', 'once']);
});
