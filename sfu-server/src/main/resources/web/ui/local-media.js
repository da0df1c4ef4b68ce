/* The camera and microphone: getting them, and the mic / camera buttons and the local tile that show them. */

import { ui, showBanner } from './dom.js';
import { updateAvatar } from './tiles.js';

/** Gets what was asked for; when a device fails, joins with whatever works rather than not at all. */
export async function getLocalMedia(wantAudio, wantVideo) {
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

export function updateLocalControls(stream, localTile) {
  const audio = stream.getAudioTracks()[0];
  const video = stream.getVideoTracks()[0];
  const micOff = !audio || !audio.enabled;
  const camOff = !video || !video.enabled;
  ui.micButton.setAttribute('aria-pressed', String(micOff));
  ui.micButton.disabled = !audio;
  ui.micButton.title = !audio ? 'No microphone' : micOff ? 'Unmute microphone' : 'Mute microphone';
  ui.camButton.setAttribute('aria-pressed', String(camOff));
  ui.camButton.disabled = !video;
  ui.camButton.title = !video ? 'No camera' : camOff ? 'Turn camera on' : 'Turn camera off';
  localTile.classList.toggle('mic-off', micOff);
  if (micOff) localTile.classList.remove('speaking');
  updateAvatar(localTile, video);
}

/** Mutes or unmutes the track of `kind`. */
export function toggleTrack(stream, localTile, kind) {
  const track = stream.getTracks().find((t) => t.kind === kind);
  if (!track) return;
  // enabled=false keeps the sender negotiated (silence / black frames), so unmuting needs no offer.
  track.enabled = !track.enabled;
  updateLocalControls(stream, localTile);
}
