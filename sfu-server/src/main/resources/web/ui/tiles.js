/* The video grid: one tile per participant, laid out to fill the stage, and the participant list. */

import { CODEC_NAMES } from '../sdk/sfu-client.js';
import { ui, initials, hueOf, play } from './dom.js';

export function createTile(id, name, isLocal) {
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
export function updateAvatar(tile, videoTrack) {
  const showVideo = Boolean(videoTrack && videoTrack.readyState === 'live' && videoTrack.enabled && !videoTrack.muted);
  tile.classList.toggle('no-video', !showVideo);
}

/** Points a remote tile's elements at the tracks currently received from that participant. */
export function refreshRemoteMedia(tile, participant) {
  const received = [...participant.tracks.values()].map((t) => t.mediaStreamTrack).filter((t) => t && t.readyState === 'live');
  const video = received.find((t) => t.kind === 'video') || null;
  const audio = received.find((t) => t.kind === 'audio') || null;
  const videoEl = tile.querySelector('video');
  const audioEl = tile.querySelector('audio');
  // Only swap srcObject when the track changed: reassigning restarts playback and flickers.
  if ((videoEl.srcObject?.getVideoTracks()[0] || null) !== video) {
    videoEl.srcObject = video ? new MediaStream([video]) : null;
    if (video) play(videoEl);
  }
  if ((audioEl.srcObject?.getAudioTracks()[0] || null) !== audio) {
    audioEl.srcObject = audio ? new MediaStream([audio]) : null;
    if (audio) play(audioEl);
  }
  updateAvatar(tile, video);
}

/** The tile says which of the participant's tracks this browser cannot play, instead of staying blank. */
export function showTileNotice(tile, participant) {
  const notice = tile.querySelector('.tile-notice');
  const texts = [...participant.tracks.values()].filter((t) => t.unsupported)
    .map((t) => `Can't play ${codecName(t.unsupported)} ${t.kind} in this browser`);
  notice.textContent = texts.join('. ');
  notice.hidden = !texts.length;
}

export function codecName(codec) {
  return CODEC_NAMES[String(codec).toLowerCase()] || codec;
}

/** The participant list: `local` ({id, name}) first, then the others ({id, name}). */
export function renderPeople(local, others) {
  const everyone = [{ ...local, local: true }, ...others];
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
export function layoutGrid() {
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
