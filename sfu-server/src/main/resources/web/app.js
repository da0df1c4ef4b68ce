/*
 * SFU Meet: the browser client of the SFU. This module runs a call: it joins with the sfu-client library
 * (sdk/sfu-client.js, which speaks the protocol and owns the RTCPeerConnection) and shows the call with the
 * parts in ui/: tiles and layout, local media and controls, the speaking indicator, the URL parameters.
 */

import { Room } from './sdk/sfu-client.js';
import { ui, showBanner, hideBanner, setChip, play } from './ui/dom.js';
import { createTile, renderPeople, layoutGrid } from './ui/tiles.js';
import { RemoteTiles } from './ui/remote-tiles.js';
import { getLocalMedia, updateLocalControls, toggleTrack } from './ui/local-media.js';
import { updateSpeaking } from './ui/speaking.js';
import {
  readParams, mediaOptions, writeJoinedParams, writeLeftParams, storedName, rememberName,
} from './ui/params.js';
import { installTestHooks } from './ui/test-hooks.js';
import { ChatPanel, CHAT_TOPIC } from './ui/chat.js';

const STATS_INTERVAL_MS = 1000; // drives the "speaking" outline
const MAX_RESTARTS_PER_MINUTE = 3;
const OPTIONS = ['room', 'name', 'token', 'wantAudio', 'wantVideo', 'simulcast', 'defaultQuality', 'relayOnly', 'codec', 'openChat'];
const NARROW = matchMedia('(max-width: 899px)'); // the side panels float over the stage: one at a time

/**
 * The current call, or null when not in a room: its options, its Room (`client`, once the devices are
 * settled), the remote tiles, the local stream and tile. Callbacks of an ended call check identity.
 */
let session = null;
let chat = null; // the chat panel, one for the page; emptied when a call ends

async function join(options) {
  if (session) return;
  hideBanner();
  const s = { ...options, client: null, tiles: null, localStream: null, localTile: null, statsTimer: null };
  session = s;
  ui.joinButton.disabled = true;
  ui.joinView.hidden = true;
  ui.callView.hidden = false;
  s.localTile = createTile('local', s.name, true);
  showPeople(s);
  if (s.openChat) chat.setOpen(true);

  s.localStream = await getLocalMedia(s.wantAudio, s.wantVideo);
  if (s !== session) {
    s.localStream.getTracks().forEach((t) => t.stop()); // left while the permission prompt was open
    return;
  }
  // Only a stream with video goes on the element: an empty one never gets data, and a media
  // element waiting for data holds back the page's load event.
  if (s.localStream.getVideoTracks().length) {
    const localVideo = s.localTile.querySelector('video');
    localVideo.srcObject = new MediaStream(s.localStream.getVideoTracks());
    play(localVideo);
  }
  updateLocalControls(s.localStream, s.localTile);
  s.client = new Room({
    url: location.origin,
    room: s.room,
    name: s.name,
    token: s.token,
    audio: s.localStream.getAudioTracks()[0] || false,
    video: s.localStream.getVideoTracks()[0] || false,
    simulcast: s.simulcast,
    codec: s.codec,
    relayOnly: s.relayOnly,
  });
  s.tiles = new RemoteTiles(s.client, s.defaultQuality);
  follow(s, s.client);
  s.client.connect().catch(() => {}); // how it goes shows through the events followed above
}

/** Shows what happens in the room. */
function follow(s, room) {
  const on = (type, handler) => room.on(type, (payload) => {
    if (s === session) handler(payload);
  });
  on('signalingStateChanged', () => setChip(ui.wsChip, room.signalingState));
  on('connectionStateChanged', () => setChip(ui.pcChip, room.connectionState));
  on('joined', () => onJoined(s, room));
  on('participantJoined', ({ participant }) => {
    s.tiles.add(participant);
    showPeople(s);
  });
  on('participantLeft', ({ participant }) => {
    s.tiles.remove(participant);
    showPeople(s);
  });
  on('trackSubscribed', ({ participant, track }) => {
    // A receiving track goes "muted" while no media arrives; show the avatar meanwhile.
    const refresh = () => s.tiles.refresh(participant);
    for (const type of ['mute', 'unmute', 'ended']) track.addEventListener(type, refresh);
    refresh();
  });
  on('trackUnpublished', ({ participant }) => {
    s.tiles.refresh(participant);
    s.tiles.showNotice(participant);
  });
  on('trackUnsupported', ({ participant }) => s.tiles.showNotice(participant));
  on('data', ({ from, data, topic }) => {
    if (topic !== CHAT_TOPIC) return; // other topics are for other apps on the same room
    const name = from ? room.participants.get(from)?.name ?? 'Someone who left' : 'Server';
    chat.received({ from, name, data });
  });
  on('notice', ({ message, kind }) => showBanner(message, kind));
  on('disconnected', ({ reason, kind, rejoin }) => (rejoin ? restartSession(s, reason) : endSession(s, reason, kind)));
}

function onJoined(s, room) {
  s.room = room.roomName;
  rememberName(s.name);
  writeJoinedParams(s); // a reload rejoins the same room
  ui.roomLabel.textContent = s.room;
  ui.roomLabel.hidden = false;
  s.localTile.dataset.participantId = room.localParticipant.id;
  // A token without the publish grant: the room published nothing and stopped our tracks.
  if (room.permissions?.publish === false && s.localStream.getTracks().length) {
    s.localStream.getTracks().forEach((t) => t.stop());
    s.localStream = new MediaStream();
    updateLocalControls(s.localStream, s.localTile);
    showBanner('You joined as a viewer: your token does not allow publishing.', 'warn');
  }
  chat.setCanSend(room.permissions?.publishData !== false);
  s.statsTimer = setInterval(() => updateSpeaking(room, s.localStream, s.localTile, s.tiles.views), STATS_INTERVAL_MS);
  showPeople(s);
}

function showPeople(s) {
  const others = s.client ? [...s.client.participants.values()] : [];
  renderPeople({ id: s.client?.localParticipant.id ?? null, name: s.name }, others);
}

/** Ends the call: tells the server (when it can), releases devices, returns to the join form. */
function endSession(s, reason, kind = 'error') {
  if (!s || s !== session) return;
  session = null;
  clearInterval(s.statsTimer);
  s.tiles?.dispose();
  chat.reset();
  s.client?.leave();
  s.localStream?.getTracks().forEach((t) => t.stop());

  ui.grid.replaceChildren();
  ui.peopleList.replaceChildren();
  ui.soundButton.hidden = true;
  ui.roomLabel.hidden = true;
  setChip(ui.wsChip, 'closed');
  setChip(ui.pcChip, 'closed');
  ui.callView.hidden = true;
  ui.joinView.hidden = false;
  ui.joinButton.disabled = false;
  ui.roomInput.value = s.room;
  ui.nameInput.value = s.name;
  writeLeftParams(s);
  if (reason) showBanner(reason, kind);
}

/**
 * Rejoins the same room as the same person with a new connection, after the media connection broke beyond
 * repair (reported, and limited so a persistent fault cannot loop).
 */
let restartTimes = [];
function restartSession(s, reason) {
  if (s !== session) return;
  const now = Date.now();
  restartTimes = restartTimes.filter((t) => now - t < 60000);
  if (restartTimes.length >= MAX_RESTARTS_PER_MINUTE) {
    endSession(s, `${reason} Rejoining failed repeatedly; please join again.`);
    return;
  }
  restartTimes.push(now);
  endSession(s, '');
  join(Object.fromEntries(OPTIONS.map((key) => [key, s[key]])));
  showBanner(`${reason} Rejoined the room.`, 'warn');
}

function leave() {
  endSession(session, '');
}

function wireControls() {
  ui.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = ui.roomInput.value.trim();
    const name = ui.nameInput.value.trim();
    if (!room || !name) return;
    const token = new URLSearchParams(location.search).get('token') || '';
    const openChat = new URLSearchParams(location.search).get('chat') === '1';
    join({ room, name, token, openChat, wantAudio: ui.audioInput.checked, wantVideo: ui.videoInput.checked, ...mediaOptions() });
  });
  const toggle = (kind) => session?.localStream && toggleTrack(session.localStream, session.localTile, kind);
  ui.micButton.addEventListener('click', () => toggle('audio'));
  ui.camButton.addEventListener('click', () => toggle('video'));
  ui.leaveButton.addEventListener('click', leave);
  ui.bannerClose.addEventListener('click', hideBanner);
  ui.soundButton.addEventListener('click', () => {
    ui.soundButton.hidden = true;
    ui.grid.querySelectorAll('audio, video').forEach((el) => el.srcObject && play(el));
  });
  ui.peopleButton.addEventListener('click', () => {
    const open = ui.callView.classList.toggle('people-open');
    ui.peopleButton.setAttribute('aria-expanded', String(open));
    // On wide screens "people-open" hides the panel (it shows by default); on narrow ones it floats over the chat.
    if (open && NARROW.matches) chat.setOpen(false);
    requestAnimationFrame(layoutGrid);
  });
  chat = new ChatPanel({
    send: (text) => (session?.client ? session.client.sendData(text, { topic: CHAT_TOPIC }) : Promise.reject(new Error('not in a call'))),
    selfName: () => session?.client?.localParticipant.name || session?.name,
    onToggle: (open) => {
      if (open && NARROW.matches && ui.callView.classList.contains('people-open')) ui.peopleButton.click();
      requestAnimationFrame(layoutGrid);
    },
  });
  new ResizeObserver(() => layoutGrid()).observe(ui.grid);
  document.addEventListener('visibilitychange', () => session?.tiles?.pageVisibilityChanged());
  window.addEventListener('pagehide', () => session?.client?.leave());
}

function start() {
  wireControls();
  installTestHooks(() => session, leave, () => chat);
  const params = readParams();
  ui.roomInput.value = params.room;
  ui.nameInput.value = params.name || storedName();
  ui.audioInput.checked = params.wantAudio;
  ui.videoInput.checked = params.wantVideo;
  if (params.room && params.name) {
    join(params);
  } else {
    (params.room ? ui.nameInput : ui.roomInput).focus();
  }
}

start();
