// The steps the scenario scripts share: opening a room's participants, waiting until they joined and until
// they decode each other, and sampling everyone's getStats at once. Participants are browser.mjs's (or
// firefox.mjs's) `{name, page, ...}`; everything here reads pages through clientState and rtpStats only.

import { clientState, rtpStats, waitFor } from './browser.mjs';

/**
 * Opens one participant per name, in order (each joins by URL), with `open(options)`: browsers.mjs's
 * `launched.open`, or `(o) => openParticipant(browser, o)`. Returns them in the order of `names`.
 */
export async function openAll(open, names, options) {
  const participants = [];
  for (const name of names) participants.push(await open({ ...options, name }));
  return participants;
}

/**
 * Waits until every participant has joined (has an id) and, with `others`, sees that many remote participants.
 * Returns their client states (in order) with each participant's `id` set, or null on timeout.
 */
export async function waitUntilJoined(participants, { others, timeoutMs }) {
  const states = await waitFor(async () => {
    const all = await Promise.all(participants.map((p) => clientState(p.page)));
    return all.every((s) => s.participantId && (others === undefined || s.remoteParticipants?.length === others)) ? all : null;
  }, { timeoutMs });
  states?.forEach((s, i) => { participants[i].id = s.participantId; });
  return states;
}

/**
 * The page's rtpStats when its connection is up and it decodes video (`framesDecoded` > 0) from each of
 * `senders` (participant ids), or from that many distinct participants when `senders` is a number; with
 * `audio`, it must also play their audio (`totalSamplesReceived` > 0). Otherwise null.
 */
export async function decodesFrom(page, senders, { audio = false } = {}) {
  const stats = await rtpStats(page);
  if (!stats || stats.connectionState !== 'connected') return null;
  const from = (kind, counter) => new Set(stats.inbound
    .filter((s) => s.kind === kind && (s[counter] ?? 0) > 0).map((s) => s.participantId));
  const video = from('video', 'framesDecoded');
  const audible = audio ? from('audio', 'totalSamplesReceived') : video;
  const ok = typeof senders === 'number'
    ? video.size >= senders && audible.size >= senders
    : senders.every((id) => video.has(id) && audible.has(id));
  return ok ? stats : null;
}

/**
 * Waits until every participant decodes (decodesFrom) the senders `sendersOf(participant)` names: by default
 * every other participant (their `id`s, as waitUntilJoined sets them). True, or null on timeout.
 */
export async function everyoneDecodes(participants, { sendersOf = (p) => othersOf(p, participants).map((o) => o.id), audio = false, timeoutMs }) {
  return waitFor(async () => {
    const decoding = await Promise.all(participants.map((p) => decodesFrom(p.page, sendersOf(p), { audio })));
    return decoding.every(Boolean);
  }, { timeoutMs });
}

/** Everyone but `p`. */
export function othersOf(p, participants) {
  return participants.filter((o) => o !== p);
}

/** Every participant's rtpStats, sampled together: { name: stats }. */
export async function sampleAll(participants) {
  const entries = await Promise.all(participants.map(async (p) => [p.name, await rtpStats(p.page)]));
  return Object.fromEntries(entries);
}

/**
 * Waits until `sample()` (one inbound video stream of a page, or null) shows more than `frames` frames decoded
 * since the call, in a sample that `accept`s (e.g. the width of the layer asked for): that video arrived and
 * plays. Returns that sample, or null on timeout.
 */
export async function waitForNewFrames(sample, { accept = () => true, frames = 5, timeoutMs }) {
  const first = await sample();
  return waitFor(async () => {
    const now = await sample();
    return now && accept(now) && (now.framesDecoded ?? 0) > (first?.framesDecoded ?? 0) + frames ? now : null;
  }, { timeoutMs });
}
