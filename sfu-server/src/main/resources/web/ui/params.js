/*
 * The page's URL parameters, read at start and written back once joined so that a reload rejoins:
 *   ?room=NAME&name=NAME   join that room as that person with no clicks (room alone prefills the form)
 *   ?token=JWT             the join token a backend issued (production mode)
 *   ?audio=0 / ?video=0    join without microphone / camera (both: a viewer)
 *   ?simulcast=0           publish one video encoding instead of three layers
 *   ?quality=low|medium|high   fix the video quality received from everyone (load tests)
 *   ?relay=1               send media only through the server's TURN relay (checks a TURN deployment)
 *   ?codec=h264|vp8        publish video with that codec
 *   ?chat=1                open the chat panel on joining
 */

import { QUALITIES, SEND_CODEC_NAMES } from '../sdk/sfu-client.js';

const NAME_KEY = 'sfu.name';

/** What the address asks for: {room, name, token, wantAudio, wantVideo} and the media options. */
export function readParams() {
  const params = new URLSearchParams(location.search);
  return {
    room: (params.get('room') || '').trim(),
    name: (params.get('name') || '').trim(),
    token: params.get('token') || '',
    wantAudio: params.get('audio') !== '0',
    wantVideo: params.get('video') !== '0',
    openChat: params.get('chat') === '1',
    ...mediaOptions(params),
  };
}

/** The options the join form does not show: {relayOnly, simulcast, defaultQuality, codec}. */
export function mediaOptions(params = new URLSearchParams(location.search)) {
  const quality = params.get('quality');
  const codec = params.get('codec');
  return {
    relayOnly: params.get('relay') === '1',
    simulcast: params.get('simulcast') !== '0',
    defaultQuality: QUALITIES.includes(quality) ? quality : 'auto',
    codec: SEND_CODEC_NAMES.includes(codec) ? codec : null,
  };
}

/** The address of the call `s` is in (a reload rejoins the same room with the same options). */
export function writeJoinedParams(s) {
  const params = { room: s.room, name: s.name };
  if (!s.wantAudio) params.audio = '0';
  if (!s.wantVideo) params.video = '0';
  if (!s.simulcast) params.simulcast = '0';
  if (s.codec) params.codec = s.codec;
  if (s.defaultQuality !== 'auto') params.quality = s.defaultQuality;
  if (s.relayOnly) params.relay = '1';
  if (s.openChat) params.chat = '1';
  if (s.token) params.token = s.token;
  setUrl(params);
}

/**
 * After leaving: the room stays in the address (to share or rejoin) but not the name, so a reload shows the
 * form instead of silently joining again.
 */
export function writeLeftParams(s) {
  setUrl(s.token ? { room: s.room, token: s.token } : { room: s.room });
}

function setUrl(params) {
  const query = new URLSearchParams(params).toString();
  history.replaceState(null, '', query ? `${location.pathname}?${query}` : location.pathname);
}

export function storedName() {
  try {
    return localStorage.getItem(NAME_KEY) || '';
  } catch {
    return '';
  }
}

/** Prefills the form next time. */
export function rememberName(name) {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // storage disabled: prefill is a convenience only
  }
}
