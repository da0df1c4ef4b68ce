/* The page's elements and the small helpers every UI part uses (banner, status chips, avatars). */

const $ = (id) => document.getElementById(id);

export const ui = {
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
  chat: $('chat'),
  chatList: $('chat-list'),
  chatForm: $('chat-form'),
  chatInput: $('chat-input'),
  chatSend: $('chat-send'),
  chatClose: $('chat-close'),
  chatButton: $('chat-button'),
  chatBadge: $('chat-badge'),
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

export function showBanner(text, kind = 'error') {
  ui.bannerText.textContent = text;
  ui.banner.dataset.kind = kind;
  ui.banner.hidden = false;
}

export function hideBanner() {
  ui.banner.hidden = true;
}

export function setChip(chip, value) {
  chip.dataset.state = value;
  chip.querySelector('.chip-value').textContent = value;
}

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue per name so avatars are told apart at a glance. */
export function hueOf(text) {
  let h = 0;
  for (const ch of String(text)) h = (h * 31 + ch.codePointAt(0)) % 100003;
  return (h * 137) % 360; // golden-angle steps: "A", "B", "C" get far-apart hues
}

/** Plays an element; when autoplay with sound is blocked, offers a button (a click unblocks it). */
export function play(element) {
  const result = element.play();
  if (result) {
    result.catch((err) => {
      if (err.name === 'NotAllowedError') ui.soundButton.hidden = false;
    });
  }
}
