'use strict';

/*
 * SFU Meet: the browser client of the SFU.
 *
 * One WebSocket carries JSON signaling; one RTCPeerConnection carries all media. The client is always
 * the offerer: it sends its own microphone/camera on sendonly transceivers and adds one recvonly
 * transceiver per remote track it subscribes to, telling the server which mid should carry which
 * remote track. Only one offer is in flight at a time; changes made meanwhile trigger another offer
 * once the answer has arrived.
 */

const $ = (id) => document.getElementById(id);

const ui = {
  joinView: $('join-view'),
  joinForm: $('join-form'),
  roomInput: $('room-input'),
  nameInput: $('name-input'),
  audioInput: $('audio-input'),
  videoInput: $('video-input'),
  joinButton: $('join-button'),
  callView: $('call-view'),
  grid: $('grid'),
  people: $('people'),
  peopleList: $('people-list'),
  peopleCount: $('people-count'),
  peopleBadge: $('people-badge'),
  peopleButton: $('people-button'),
  micButton: $('mic-button'),
  camButton: $('cam-button'),
  soundButton: $('sound-button'),
  leaveButton: $('leave-button'),
  roomLabel: $('room-label'),
  wsChip: $('ws-state'),
  pcChip: $('pc-state'),
  banner: $('banner'),
  bannerText: $('banner-text'),
  bannerClose: $('banner-close'),
  tileTemplate: $('tile-template'),
};

const WS_STATES = ['connecting', 'open', 'closing', 'closed'];
const PING_INTERVAL_MS = 25000; // keeps idle proxies from dropping the signaling socket
const STATS_INTERVAL_MS = 1000; // drives the "speaking" outline
const SPEAKING_LEVEL = 0.02;
const NAME_KEY = 'sfu.name';
const ANSWER_TIMEOUT_MS = 10000;
const NEGOTIATION_DEBOUNCE_MS = 40;
const MAX_RESTARTS_PER_MINUTE = 3;

/** The current call, or null when not in a room. Callbacks of an ended session check identity. */
let session = null;

// ---------------------------------------------------------------------------------------------
// Small UI helpers

function showBanner(text, kind = 'error') {
  ui.bannerText.textContent = text;
  ui.banner.dataset.kind = kind;
  ui.banner.hidden = false;
}

function hideBanner() {
  ui.banner.hidden = true;
}

function setChip(chip, value) {
  chip.dataset.state = value;
  chip.querySelector('.chip-value').textContent = value;
}

function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue per name so avatars are told apart at a glance. */
function hueOf(text) {
  let h = 0;
  for (const ch of String(text)) h = (h * 31 + ch.codePointAt(0)) % 100003;
  return (h * 137) % 360; // golden-angle steps: "A", "B", "C" get far-apart hues
}

function setUrl(params) {
  const query = new URLSearchParams(params).toString();
  history.replaceState(null, '', query ? `${location.pathname}?${query}` : location.pathname);
}

// ---------------------------------------------------------------------------------------------
// Tiles and participant list

/**
 * Three simulcast layers, lowest first (the server reads them in this order): a quarter, half and full of
 * the 1280x720 capture. Receivers get the one that fits their tile and bandwidth.
 */
const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];
const QUALITIES = ['auto', 'low', 'medium', 'high'];
const SIZE_REPORT_DELAY_MS = 300;

function createTile(id, name, isLocal) {
  const tile = ui.tileTemplate.content.firstElementChild.cloneNode(true);
  tile.dataset.participantId = id;
  tile.classList.toggle('local', isLocal);
  tile.querySelector('.tile-name').textContent = isLocal ? `${name} (you)` : name;
  tile.querySelector('.initials').textContent = initials(name);
  tile.querySelector('.avatar').style.setProperty('--hue', hueOf(name));
  if (isLocal) {
    tile.querySelector('audio').remove(); // never play our own microphone back
    tile.querySelector('.tile-quality').remove();
  }
  ui.grid.append(tile);
  layoutGrid();
  return tile;
}

/** Shows the avatar instead of the video when there is no live, enabled video. */
function updateAvatar(tile, videoTrack) {
  const showVideo = Boolean(videoTrack && videoTrack.readyState === 'live' && videoTrack.enabled && !videoTrack.muted);
  tile.classList.toggle('no-video', !showVideo);
}

/** Plays an element; when autoplay with sound is blocked, offers a button (a click unblocks it). */
function play(element) {
  const result = element.play();
  if (result) {
    result.catch((err) => {
      if (err.name === 'NotAllowedError') ui.soundButton.hidden = false;
    });
  }
}

/** Points a remote tile's elements at the tracks currently received from that participant. */
function refreshRemoteMedia(remote) {
  const received = [...remote.tracks.values()].map((t) => t.receiverTrack).filter((t) => t && t.readyState === 'live');
  const video = received.find((t) => t.kind === 'video') || null;
  const audio = received.find((t) => t.kind === 'audio') || null;
  const videoEl = remote.tile.querySelector('video');
  const audioEl = remote.tile.querySelector('audio');
  // Only swap srcObject when the track changed: reassigning restarts playback and flickers.
  if ((videoEl.srcObject?.getVideoTracks()[0] || null) !== video) {
    videoEl.srcObject = video ? new MediaStream([video]) : null;
    if (video) play(videoEl);
  }
  if ((audioEl.srcObject?.getAudioTracks()[0] || null) !== audio) {
    audioEl.srcObject = audio ? new MediaStream([audio]) : null;
    if (audio) play(audioEl);
  }
  updateAvatar(remote.tile, video);
}

function renderPeople(s) {
  const everyone = [{ id: s.participantId, name: s.name, local: true }, ...[...s.remotes.values()]];
  ui.peopleList.replaceChildren(...everyone.map((p) => {
    const li = document.createElement('li');
    const avatar = document.createElement('span');
    avatar.className = 'mini-avatar';
    avatar.textContent = initials(p.name);
    avatar.style.setProperty('--hue', hueOf(p.name));
    const label = document.createElement('span');
    label.textContent = p.local ? `${p.name} (you)` : p.name;
    li.append(avatar, label);
    return li;
  }));
  const count = String(everyone.length);
  ui.peopleCount.textContent = count;
  ui.peopleBadge.textContent = count;
}

/**
 * Picks the column count that makes 16:9 tiles as large as possible in the space available, so
 * one person fills the stage and many share it evenly, on a wide monitor as on a phone.
 */
function layoutGrid() {
  const n = ui.grid.children.length || 1;
  const { width, height } = ui.grid.getBoundingClientRect();
  if (!width || !height) return;
  const gap = 8;
  let best = { cols: 1, tileWidth: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const w = (width - gap * (cols - 1)) / cols;
    const h = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.min(w, (h * 16) / 9);
    if (tileWidth > best.tileWidth) best = { cols, tileWidth };
  }
  ui.grid.style.setProperty('--cols', best.cols);
  ui.grid.style.setProperty('--tile-width', `${Math.floor(best.tileWidth)}px`);
  ui.grid.dataset.count = n;
}

// ---------------------------------------------------------------------------------------------
// Local media

/** Gets what was asked for; when a device fails, joins with whatever works rather than not at all. */
async function getLocalMedia(wantAudio, wantVideo) {
  const stream = new MediaStream();
  if (!wantAudio && !wantVideo) return stream;
  if (!navigator.mediaDevices?.getUserMedia) {
    showBanner('Camera and microphone need a secure (https) page. Joining as a viewer.', 'warn');
    return stream;
  }
  const video = wantVideo ? { width: 1280, height: 720 } : false;
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: wantAudio, video });
  } catch (firstError) {
    const missing = [];
    for (const [kind, constraint] of [['audio', wantAudio], ['video', video]]) {
      if (!constraint) continue;
      try {
        const partial = await navigator.mediaDevices.getUserMedia({ [kind]: constraint });
        partial.getTracks().forEach((t) => stream.addTrack(t));
      } catch {
        missing.push(kind === 'audio' ? 'microphone' : 'camera');
      }
    }
    showBanner(`Could not use your ${missing.join(' and ')} (${firstError.name}). Joined without it.`, 'warn');
    return stream;
  }
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

function updateLocalControls(s) {
  const audio = s.localStream.getAudioTracks()[0];
  const video = s.localStream.getVideoTracks()[0];
  const micOff = !audio || !audio.enabled;
  const camOff = !video || !video.enabled;
  ui.micButton.setAttribute('aria-pressed', String(micOff));
  ui.micButton.disabled = !audio;
  ui.micButton.title = !audio ? 'No microphone' : micOff ? 'Unmute microphone' : 'Mute microphone';
  ui.camButton.setAttribute('aria-pressed', String(camOff));
  ui.camButton.disabled = !video;
  ui.camButton.title = !video ? 'No camera' : camOff ? 'Turn camera on' : 'Turn camera off';
  s.localTile.classList.toggle('mic-off', micOff);
  if (micOff) s.localTile.classList.remove('speaking');
  updateAvatar(s.localTile, video);
}

function toggleTrack(kind) {
  const s = session;
  const track = s?.localStream.getTracks().find((t) => t.kind === kind);
  if (!track) return;
  // enabled=false keeps the sender negotiated (silence / black frames), so unmuting needs no offer.
  track.enabled = !track.enabled;
  updateLocalControls(s);
}

// ---------------------------------------------------------------------------------------------
// Signaling

function send(s, message) {
  if (s.ws && s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(message));
}

function signalingUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

function openSignaling(s) {
  const ws = new WebSocket(signalingUrl());
  s.ws = ws;
  const updateState = () => {
    if (s === session) setChip(ui.wsChip, WS_STATES[ws.readyState]);
  };
  updateState();
  ws.addEventListener('open', () => {
    updateState();
    send(s, { type: 'join', room: s.room, name: s.name, ...(s.token ? { token: s.token } : {}) });
    s.pingTimer = setInterval(() => send(s, { type: 'ping' }), PING_INTERVAL_MS);
  });
  ws.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return; // not ours to interpret; the server only sends JSON
    }
    if (s === session) handleMessage(s, message).catch((err) => showBanner(`Client error: ${err.message}`));
  });
  ws.addEventListener('close', (event) => {
    updateState();
    if (s !== session) return;
    const why = s.participantId
      ? 'The connection to the server was lost.'
      : `Could not reach the server at ${signalingUrl()}${event.code !== 1006 ? ` (code ${event.code})` : ''}.`;
    endSession(s, why);
  });
}

async function handleMessage(s, message) {
  switch (message.type) {
    case 'joined':
      return onJoined(s, message);
    case 'answer':
      return onAnswer(s, message);
    case 'participantJoined':
      addRemote(s, message.participant);
      renderPeople(s);
      // Usually announced without tracks (trackPublished follows); subscribe now if it has some.
      return message.participant?.tracks?.length ? scheduleNegotiation(s) : undefined;
    case 'participantLeft':
      removeRemote(s, message.participantId);
      return scheduleNegotiation(s);
    case 'trackPublished':
      addRemoteTrack(s, message.track);
      return scheduleNegotiation(s);
    case 'trackUnpublished':
      removeRemoteTrack(s, message.participantId, message.trackId);
      return scheduleNegotiation(s);
    case 'trackUnsupported':
      return onTrackUnsupported(s, message);
    case 'error':
      return onServerError(s, message);
    case 'closed':
      return endSession(s, `The server ended the session${message.reason ? `: ${message.reason}` : ''}.`, 'warn');
    case 'draining':
      showBanner('The server is restarting soon; you may have to rejoin.', 'warn');
      return undefined;
    case 'trackMuted':
    case 'participantUpdated':
      return undefined; // shown nowhere yet; the media simply stops or resumes
    case 'pong':
    default:
      return undefined; // unknown types are ignored so newer servers can add messages
  }
}

function onJoined(s, message) {
  s.participantId = message.participantId;
  s.room = message.room || s.room;
  try {
    localStorage.setItem(NAME_KEY, s.name); // prefills the form next time
  } catch {
    // storage disabled: prefill is a convenience only
  }
  const params = { room: s.room, name: s.name };
  if (!s.wantAudio) params.audio = '0';
  if (!s.wantVideo) params.video = '0';
  if (!s.simulcast) params.simulcast = '0';
  if (s.codec) params.codec = s.codec;
  if (s.defaultQuality !== 'auto') params.quality = s.defaultQuality;
  if (s.relayOnly) params.relay = '1';
  if (s.token) params.token = s.token;
  setUrl(params); // a reload rejoins the same room
  ui.roomLabel.textContent = s.room;
  ui.roomLabel.hidden = false;
  s.localTile.dataset.participantId = s.participantId;

  // A token without the publish grant: watch only (the server would refuse sending m-lines).
  if (message.permissions && message.permissions.publish === false && s.localStream.getTracks().length) {
    s.localStream.getTracks().forEach((t) => t.stop());
    s.localStream = new MediaStream();
    updateLocalControls(s);
    showBanner('You joined as a viewer: your token does not allow publishing.', 'warn');
  }
  s.iceServers = Array.isArray(message.iceServers) ? message.iceServers : [];
  createPeerConnection(s);
  for (const p of message.participants || []) addRemote(s, p);
  renderPeople(s);
  return negotiate(s);
}

function onServerError(s, message) {
  const text = `${message.message || 'Server error'} (${message.code || 'error'})`;
  if (!s.participantId) return endSession(s, `Could not join: ${text}`);
  // trackSettings crossed the track's removal on the way (its publisher left or unpublished): nothing to tell the user.
  if (message.code === 'unknown_track') return console.debug(text);
  showBanner(text);
  // An offer the server refused gets no answer: roll back so the next change can negotiate.
  if (s.offerInFlight && ['invalid_sdp', 'bad_request', 'internal', 'too_many_tracks'].includes(message.code)) {
    s.offerInFlight = false;
    clearTimeout(s.answerTimer);
    return s.pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Peer connection and negotiation

function createPeerConnection(s) {
  // iceServers come from the server (a TURN relay for networks that block UDP); ?relay=1 forces the relay.
  const pc = new RTCPeerConnection({
    bundlePolicy: 'max-bundle',
    rtcpMuxPolicy: 'require',
    iceServers: s.iceServers,
    iceTransportPolicy: s.relayOnly && s.iceServers.length ? 'relay' : 'all',
  });
  s.pc = pc;
  setChip(ui.pcChip, pc.connectionState);
  pc.addEventListener('connectionstatechange', () => {
    if (s !== session) return;
    setChip(ui.pcChip, pc.connectionState);
    if (pc.connectionState === 'failed') showBanner('The media connection failed. Try leaving and joining again.');
  });
  pc.addEventListener('track', (event) => onRemoteTrack(s, event));

  for (const track of s.localStream.getTracks()) {
    const init = { direction: 'sendonly', streams: [s.localStream] };
    if (track.kind === 'video' && s.simulcast) init.sendEncodings = SIMULCAST_ENCODINGS;
    const transceiver = pc.addTransceiver(track, init);
    if (track.kind === 'video') preferResolution(transceiver.sender, track);
    if (track.kind === 'video' && s.codec) preferCodec(transceiver, s.codec);
  }
  s.statsTimer = setInterval(() => updateSpeaking(s), STATS_INTERVAL_MS);
}

/**
 * Video codecs a publisher can ask for with ?codec=: H.264 as Safari sends it (packetization-mode 1,
 * constrained baseline 42e01f), or VP8. Receivers always get the publisher's codec.
 */
const SEND_CODECS = {
  h264: (c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || '')
    && /profile-level-id=42e01f/i.test(c.sdpFmtpLine || ''),
  vp8: (c) => c.mimeType === 'video/VP8',
};

/** Publishes with the chosen codec (and its RTX); a browser that lacks it keeps its default, with a notice. */
function preferCodec(transceiver, codec) {
  const codecs = RTCRtpSender.getCapabilities?.('video')?.codecs || [];
  const chosen = codecs.filter(SEND_CODECS[codec]);
  if (!chosen.length || typeof transceiver.setCodecPreferences !== 'function') {
    showBanner(`This browser cannot send ${CODEC_NAMES[codec]} video; it uses its default codec.`, 'warn');
    return;
  }
  transceiver.setCodecPreferences([...chosen, ...codecs.filter((c) => c.mimeType === 'video/rtx')]);
}

/**
 * Coalesces a burst of room events (a leave arrives as trackUnpublished x2 + participantLeft) into
 * one offer. Besides saving round trips this matters for viewers: an offer whose every live m-line
 * the server then rejects leaves a max-bundle connection unusable.
 */
function scheduleNegotiation(s) {
  if (s.negotiationTimer) return;
  s.negotiationTimer = setTimeout(() => {
    s.negotiationTimer = null;
    negotiate(s);
  }, NEGOTIATION_DEBOUNCE_MS);
}

/** Sends an offer now, or marks that another is needed once the one in flight is answered. */
async function negotiate(s) {
  if (s !== session || !s.pc || s.pc.signalingState === 'closed') return;
  if (s.offerInFlight) {
    s.renegotiate = true;
    return;
  }
  addMissingReceivers(s);
  // Transceivers are never stopped (see retireTransceiver), so once there is one there always is;
  // a viewer with nothing to receive yet has none and sends no offer.
  if (!s.pc.getTransceivers().length) {
    s.renegotiate = false;
    return;
  }
  s.offerInFlight = true;
  s.renegotiate = false;
  try {
    await s.pc.setLocalDescription(await s.pc.createOffer());
    if (s !== session) return;
    send(s, { type: 'offer', sdp: s.pc.localDescription.sdp, subscriptions: currentSubscriptions(s) });
    s.answerTimer = setTimeout(() => {
      if (s === session && s.offerInFlight) showBanner('The server has not answered the media offer.');
    }, ANSWER_TIMEOUT_MS);
  } catch (err) {
    s.offerInFlight = false;
    showBanner(`Could not create an offer: ${err.message}`);
    // A change that raced with this offer (e.g. a transceiver stopped meanwhile) deserves a fresh try.
    if (s.renegotiate) await negotiate(s);
  }
}

async function onAnswer(s, message) {
  if (!s.offerInFlight) return; // no offer outstanding: a stray answer
  clearTimeout(s.answerTimer);
  try {
    await s.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
  } catch (err) {
    // Chromium cannot roll back from here (e.g. every m-line rejected under max-bundle), and the
    // server keeps one DTLS session per participant, so only a fresh join recovers the call.
    s.offerInFlight = false;
    restartSession(s, `The media connection was reset (${err.message}).`);
    return;
  }
  s.offerInFlight = false;
  // New subscriptions exist now: tell the server what each wants (a fixed quality, or the tile size).
  for (const remote of s.remotes.values()) {
    if (remote.quality !== 'auto' || remote.reportedSize || remote.paused) sendNewTrackSettings(s, remote);
  }
  if (s.renegotiate) await negotiate(s);
}

function sendNewTrackSettings(s, remote) {
  const fresh = [...remote.tracks.values()].some((t) => t.kind === 'video' && t.transceiver?.mid != null && !t.settingsSent);
  if (fresh) sendTrackSettings(s, remote);
}

/** One recvonly transceiver per remote track that has none yet, reusing idle ones of that kind first. */
function addMissingReceivers(s) {
  for (const remote of s.remotes.values()) {
    for (const track of remote.tracks.values()) {
      if (track.transceiver) continue;
      const idle = s.idle[track.kind].pop();
      if (idle) {
        idle.direction = 'recvonly';
        track.transceiver = idle;
      } else {
        track.transceiver = s.pc.addTransceiver(track.kind, { direction: 'recvonly' });
      }
    }
  }
}

/** mid -> trackId for every live subscription; mids exist only after setLocalDescription. */
function currentSubscriptions(s) {
  const subscriptions = {};
  for (const remote of s.remotes.values()) {
    for (const track of remote.tracks.values()) {
      const mid = track.transceiver?.mid;
      if (mid != null) subscriptions[mid] = track.id;
    }
  }
  return subscriptions;
}

function findTrackByTransceiver(s, transceiver) {
  for (const remote of s.remotes.values()) {
    for (const track of remote.tracks.values()) {
      if (track.transceiver === transceiver) return { remote, track };
    }
  }
  return null;
}

function onRemoteTrack(s, event) {
  if (s !== session) return;
  // Our own subscription table says which track (and so which participant) a transceiver carries;
  // it is authoritative, where the msid stream id would only repeat it. None: a track that went away.
  const found = findTrackByTransceiver(s, event.transceiver);
  if (!found) return;
  const { remote, track } = found;
  track.receiverTrack = event.track;
  // A receiving track goes "muted" while no media arrives; show the avatar meanwhile.
  const refresh = () => remote.tile.isConnected && refreshRemoteMedia(remote);
  event.track.addEventListener('mute', refresh);
  event.track.addEventListener('unmute', refresh);
  event.track.addEventListener('ended', refresh);
  refreshRemoteMedia(remote);
}

function addRemote(s, participant) {
  if (!participant || participant.id === s.participantId || s.remotes.has(participant.id)) return;
  const remote = {
    id: participant.id,
    name: participant.name || 'Guest',
    tracks: new Map(),
    tile: createTile(participant.id, participant.name || 'Guest', false),
  };
  s.remotes.set(remote.id, remote);
  remote.quality = s.defaultQuality;
  const select = remote.tile.querySelector('.tile-quality');
  select.value = remote.quality;
  select.addEventListener('change', () => setQuality(s, remote.id, select.value));
  watchTileSize(s, remote);
  watchTileVisibility(s, remote);
  for (const track of participant.tracks || []) addRemoteTrack(s, track);
  refreshRemoteMedia(remote);
}

/** Chooses the video quality of one remote participant: auto (fits the tile) or a fixed layer. */
function setQuality(s, participantId, quality) {
  const remote = s.remotes.get(participantId);
  if (!remote || !QUALITIES.includes(quality)) return;
  remote.quality = quality;
  remote.tile.querySelector('.tile-quality').value = quality;
  sendTrackSettings(s, remote);
}

/** In auto mode the server is told the size the video is shown at, so it sends the layer that fits. */
function watchTileSize(s, remote) {
  if (typeof ResizeObserver !== 'function') return;
  const video = remote.tile.querySelector('video');
  remote.resizeObserver = new ResizeObserver(() => {
    clearTimeout(remote.sizeTimer);
    remote.sizeTimer = setTimeout(() => {
      const width = Math.round(video.clientWidth * (window.devicePixelRatio || 1));
      const height = Math.round(video.clientHeight * (window.devicePixelRatio || 1));
      const last = remote.reportedSize;
      // Only real changes: a few pixels of layout jitter must not cost a message.
      if (last && Math.abs(last.width - width) < last.width * 0.1 && Math.abs(last.height - height) < last.height * 0.1) return;
      remote.reportedSize = { width, height };
      if (remote.quality === 'auto') sendTrackSettings(s, remote);
    }, SIZE_REPORT_DELAY_MS);
  });
  remote.resizeObserver.observe(video);
}

/**
 * A tile nobody can see (scrolled out of the grid, hidden, or the whole page in a background tab) pauses its
 * video: the server forwards nothing for it until it shows again, then starts it at a keyframe. Audio goes on.
 */
function watchTileVisibility(s, remote) {
  remote.onScreen = true;
  remote.paused = false;
  if (typeof IntersectionObserver !== 'function') return;
  remote.visibilityObserver = new IntersectionObserver((entries) => {
    remote.onScreen = entries[entries.length - 1].isIntersecting;
    updatePaused(s, remote);
  });
  remote.visibilityObserver.observe(remote.tile);
}

function updatePaused(s, remote) {
  const paused = !remote.onScreen || document.visibilityState === 'hidden';
  if (paused === remote.paused) return;
  remote.paused = paused;
  sendTrackSettings(s, remote);
}

document.addEventListener('visibilitychange', () => {
  if (session) for (const remote of session.remotes.values()) updatePaused(session, remote);
});

/** Sends the receiver's wishes for the participant's video track (if subscribed). */
function sendTrackSettings(s, remote) {
  for (const track of remote.tracks.values()) {
    if (track.kind !== 'video' || track.transceiver?.mid == null) continue;
    track.settingsSent = true;
    const settings = { type: 'trackSettings', trackId: track.id, quality: remote.quality };
    if (remote.quality === 'auto' && remote.reportedSize) {
      settings.width = remote.reportedSize.width;
      settings.height = remote.reportedSize.height;
    }
    // Each message replaces the last, so leaving paused out resumes.
    if (remote.paused) settings.paused = true;
    send(s, settings);
  }
}

function removeRemote(s, participantId) {
  const remote = s.remotes.get(participantId);
  if (!remote) return;
  for (const track of remote.tracks.values()) retireTransceiver(s, track);
  remote.resizeObserver?.disconnect();
  remote.visibilityObserver?.disconnect();
  clearTimeout(remote.sizeTimer);
  remote.tile.remove();
  s.remotes.delete(participantId);
  layoutGrid();
  renderPeople(s);
}

function addRemoteTrack(s, track) {
  const remote = s.remotes.get(track?.participantId);
  if (!remote || remote.tracks.has(track.id)) return;
  remote.tracks.set(track.id, { id: track.id, kind: track.kind, transceiver: null, receiverTrack: null });
}

function removeRemoteTrack(s, participantId, trackId) {
  const remote = s.remotes.get(participantId) || [...s.remotes.values()].find((r) => r.tracks.has(trackId));
  const track = remote?.tracks.get(trackId);
  if (!track) return;
  retireTransceiver(s, track);
  remote.tracks.delete(trackId);
  refreshRemoteMedia(remote);
  showTileNotice(remote);
}

const CODEC_NAMES = { h264: 'H.264', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', opus: 'Opus' };

/**
 * The server cannot send a remote track in any codec this browser offered (e.g. H.264 to a browser without it):
 * the transceiver stays, nothing arrives on it, and the tile says why instead of staying blank.
 */
function onTrackUnsupported(s, message) {
  const remote = s.remotes.get(message.participantId);
  const track = remote?.tracks.get(message.trackId);
  if (!track) return;
  track.unsupported = CODEC_NAMES[String(message.codec).toLowerCase()] || message.codec;
  showTileNotice(remote);
}

function showTileNotice(remote) {
  const notice = remote.tile.querySelector('.tile-notice');
  const texts = [...remote.tracks.values()].filter((t) => t.unsupported)
    .map((t) => `Can't play ${t.unsupported} ${t.kind} in this browser`);
  notice.textContent = texts.join('. ');
  notice.hidden = !texts.length;
}

/**
 * A departed track's transceiver goes idle (inactive) for the next remote track of its kind rather than
 * being stopped: stopping the m-line that tags the BUNDLE group would make Chromium move to a new
 * ICE/DTLS transport, and idle m-lines keep the offer from growing with every track that comes and goes.
 * The server answers an m-line that names no subscription as inactive.
 */
function retireTransceiver(s, track) {
  const transceiver = track.transceiver;
  track.transceiver = null;
  if (!transceiver || isStopped(transceiver)) return;
  transceiver.direction = 'inactive';
  s.idle[track.kind].push(transceiver);
}

function isStopped(transceiver) {
  return transceiver.direction === 'stopped' || transceiver.currentDirection === 'stopped';
}

// ---------------------------------------------------------------------------------------------
// Speaking indicator: audio levels from getStats, once a second.

async function updateSpeaking(s) {
  if (s !== session || !s.pc || s.pc.connectionState !== 'connected') return;
  let report;
  try {
    report = await s.pc.getStats();
  } catch {
    return;
  }
  const levelByMid = new Map();
  let localLevel = 0;
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') levelByMid.set(stat.mid, stat.audioLevel || 0);
    if (stat.type === 'media-source' && stat.kind === 'audio') localLevel = stat.audioLevel || 0;
  });
  const audio = s.localStream.getAudioTracks()[0];
  s.localTile.classList.toggle('speaking', Boolean(audio?.enabled) && localLevel > SPEAKING_LEVEL);
  for (const remote of s.remotes.values()) {
    const speaking = [...remote.tracks.values()].some(
      (t) => t.kind === 'audio' && (levelByMid.get(t.transceiver?.mid) || 0) > SPEAKING_LEVEL,
    );
    remote.tile.classList.toggle('speaking', speaking);
  }
}

// ---------------------------------------------------------------------------------------------
// Joining and leaving

async function join(room, name, {
  wantAudio = true, wantVideo = true, token = '', simulcast = true, defaultQuality = 'auto', relayOnly = false,
  codec = null,
} = {}) {
  if (session) return;
  hideBanner();
  const s = {
    room, name, token, wantAudio, wantVideo, simulcast, defaultQuality, relayOnly, codec, iceServers: [],
    participantId: null, ws: null, pc: null, localStream: null, localTile: null,
    remotes: new Map(), idle: { audio: [], video: [] }, offerInFlight: false, renegotiate: false,
    pingTimer: null, statsTimer: null, answerTimer: null, negotiationTimer: null,
  };
  session = s;
  ui.joinButton.disabled = true;
  ui.joinView.hidden = true;
  ui.callView.hidden = false;
  s.localTile = createTile('local', name, true);
  renderPeople(s);

  s.localStream = await getLocalMedia(wantAudio, wantVideo);
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
  updateLocalControls(s);
  openSignaling(s);
}

/** Ends the call: tells the server (when it can), releases devices, returns to the join form. */
function endSession(s, reason, kind = 'error') {
  if (!s || s !== session) return;
  session = null;
  send(s, { type: 'leave' });
  clearInterval(s.pingTimer);
  clearInterval(s.statsTimer);
  clearTimeout(s.answerTimer);
  clearTimeout(s.negotiationTimer);
  s.pc?.close();
  if (s.ws && s.ws.readyState <= WebSocket.OPEN) s.ws.close(1000, 'leave');
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
  // Keep the room in the address (to share or rejoin) but not the name, so a reload after
  // leaving shows the form instead of silently joining again.
  setUrl(s.token ? { room: s.room, token: s.token } : { room: s.room });
  if (reason) showBanner(reason, kind);
}

/**
 * Rejoins the same room as the same person with a new connection: after the media connection broke
 * beyond repair (reported, and limited so a persistent fault cannot loop), or planned (silent).
 */
let restartTimes = [];
function restartSession(s, reason, { planned = false } = {}) {
  if (s !== session) return;
  if (!planned) {
    const now = Date.now();
    restartTimes = restartTimes.filter((t) => now - t < 60000);
    if (restartTimes.length >= MAX_RESTARTS_PER_MINUTE) {
      endSession(s, `${reason} Rejoining failed repeatedly; please join again.`);
      return;
    }
    restartTimes.push(now);
  }
  endSession(s, '');
  join(s.room, s.name, {
    wantAudio: s.wantAudio, wantVideo: s.wantVideo, token: s.token, simulcast: s.simulcast,
    defaultQuality: s.defaultQuality, relayOnly: s.relayOnly, codec: s.codec,
  });
  if (!planned) showBanner(`${reason} Rejoined the room.`, 'warn');
}

function leave() {
  endSession(session, '');
}

// ---------------------------------------------------------------------------------------------
// Start-up

function wireControls() {
  ui.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = ui.roomInput.value.trim();
    const name = ui.nameInput.value.trim();
    if (!room || !name) return;
    const token = new URLSearchParams(location.search).get('token') || '';
    join(room, name, { wantAudio: ui.audioInput.checked, wantVideo: ui.videoInput.checked, token, ...mediaOptions() });
  });
  ui.micButton.addEventListener('click', () => toggleTrack('audio'));
  ui.camButton.addEventListener('click', () => toggleTrack('video'));
  ui.leaveButton.addEventListener('click', leave);
  ui.bannerClose.addEventListener('click', hideBanner);
  ui.soundButton.addEventListener('click', () => {
    ui.soundButton.hidden = true;
    ui.grid.querySelectorAll('audio, video').forEach((el) => el.srcObject && play(el));
  });
  ui.peopleButton.addEventListener('click', () => {
    const open = ui.callView.classList.toggle('people-open');
    ui.peopleButton.setAttribute('aria-expanded', String(open));
    requestAnimationFrame(layoutGrid);
  });
  new ResizeObserver(() => layoutGrid()).observe(ui.grid);
  window.addEventListener('pagehide', () => session && send(session, { type: 'leave' }));
}

function storedName() {
  try {
    return localStorage.getItem(NAME_KEY) || '';
  } catch {
    return '';
  }
}

function start() {
  wireControls();
  const params = new URLSearchParams(location.search);
  const room = (params.get('room') || '').trim();
  const name = (params.get('name') || '').trim();
  const wantAudio = params.get('audio') !== '0';
  const wantVideo = params.get('video') !== '0';
  ui.roomInput.value = room;
  ui.nameInput.value = name || storedName();
  ui.audioInput.checked = wantAudio;
  ui.videoInput.checked = wantVideo;
  if (room && name) {
    join(room, name, { wantAudio, wantVideo, token: params.get('token') || '', ...mediaOptions() });
  } else {
    (room ? ui.nameInput : ui.roomInput).focus();
  }
}

/** Hooks for automated tests; see e2e/. */
/**
 * ?simulcast=0 publishes one encoding; ?quality=low|medium|high fixes what is received (load tests);
 * ?relay=1 sends media only through the server's TURN relay (checks a TURN deployment);
 * ?codec=h264|vp8 publishes video with that codec.
 */
function mediaOptions() {
  const params = new URLSearchParams(location.search);
  const quality = params.get('quality');
  return {
    relayOnly: params.get('relay') === '1',
    simulcast: params.get('simulcast') !== '0',
    defaultQuality: QUALITIES.includes(quality) ? quality : 'auto',
    codec: Object.hasOwn(SEND_CODECS, params.get('codec')) ? params.get('codec') : null,
  };
}

window.sfu = {
  /** Sets the video quality received from one participant: 'auto', 'low', 'medium' or 'high'. */
  setQuality(participantId, quality) {
    if (session) setQuality(session, participantId, quality);
  },
  state() {
    const s = session;
    return {
      ws: s?.ws ? WS_STATES[s.ws.readyState] : 'closed',
      pc: s?.pc ? s.pc.connectionState : 'closed',
      participantId: s?.participantId ?? null,
      room: s?.room ?? null,
      remoteParticipants: s ? [...s.remotes.values()].map((r) => ({ id: r.id, name: r.name, paused: r.paused })) : [],
      // Which mid carries which remote track: lets tests attribute inbound-rtp stats to a sender.
      subscriptions: s ? [...s.remotes.values()].flatMap((r) => [...r.tracks.values()].map((t) => ({
        mid: t.transceiver?.mid ?? null, trackId: t.id, participantId: r.id, kind: t.kind,
        unsupported: t.unsupported ?? null,
      }))) : [],
    };
  },
  get pc() {
    return session?.pc ?? null;
  },
  leave,
};

start();
