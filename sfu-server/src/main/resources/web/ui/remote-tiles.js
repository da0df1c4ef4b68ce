/*
 * The tiles of the other participants in a call, and what each tile asks of the server: the video quality
 * chosen on the tile (auto: the layer that fits the size it is shown at) and a pause while nobody can see it.
 */

import { QUALITIES } from '../sdk/sfu-client.js';
import { createTile, refreshRemoteMedia, showTileNotice, layoutGrid } from './tiles.js';

const SIZE_REPORT_DELAY_MS = 300;

export class RemoteTiles {
  /** `room` is the sfu-client Room; `defaultQuality` what every tile starts with (?quality=). */
  constructor(room, defaultQuality) {
    this.room = room;
    this.defaultQuality = defaultQuality;
    this.views = new Map(); // participant id -> { tile, onScreen, reportedSize, observers, sizeTimer }
  }

  add(participant) {
    const view = { tile: createTile(participant.id, participant.name, false), onScreen: true, reportedSize: null };
    this.views.set(participant.id, view);
    this.room.setVideoPreferences(participant.id, { quality: this.defaultQuality });
    const select = view.tile.querySelector('.tile-quality');
    select.value = this.defaultQuality;
    select.addEventListener('change', () => this.setQuality(participant.id, select.value));
    this.watchSize(participant, view);
    this.watchVisibility(participant, view);
    refreshRemoteMedia(view.tile, participant);
  }

  remove(participant) {
    const view = this.views.get(participant.id);
    if (!view) return;
    view.resizeObserver?.disconnect();
    view.visibilityObserver?.disconnect();
    clearTimeout(view.sizeTimer);
    view.tile.remove();
    this.views.delete(participant.id);
    layoutGrid();
  }

  /** Stops watching every tile (the call ended; the grid is cleared with them). */
  dispose() {
    for (const view of this.views.values()) {
      view.resizeObserver?.disconnect();
      view.visibilityObserver?.disconnect();
      clearTimeout(view.sizeTimer);
    }
    this.views.clear();
  }

  /** The participant's received media changed (a track arrived, went away, muted or unmuted). */
  refresh(participant) {
    const view = this.views.get(participant.id);
    if (view?.tile.isConnected) refreshRemoteMedia(view.tile, participant);
  }

  showNotice(participant) {
    const view = this.views.get(participant.id);
    if (view) showTileNotice(view.tile, participant);
  }

  /** Chooses the video quality of one remote participant: auto (fits the tile) or a fixed layer. */
  setQuality(participantId, quality) {
    const view = this.views.get(participantId);
    if (!view || !QUALITIES.includes(quality)) return;
    view.tile.querySelector('.tile-quality').value = quality;
    this.room.setVideoPreferences(participantId, { quality });
  }

  /** The page was hidden or shown again. */
  pageVisibilityChanged() {
    for (const [id, view] of this.views) this.updatePaused(id, view);
  }

  /** In auto mode the server is told the size the video is shown at, so it sends the layer that fits. */
  watchSize(participant, view) {
    if (typeof ResizeObserver !== 'function') return;
    const video = view.tile.querySelector('video');
    view.resizeObserver = new ResizeObserver(() => {
      clearTimeout(view.sizeTimer);
      view.sizeTimer = setTimeout(() => {
        const width = Math.round(video.clientWidth * (window.devicePixelRatio || 1));
        const height = Math.round(video.clientHeight * (window.devicePixelRatio || 1));
        const last = view.reportedSize;
        // Only real changes: a few pixels of layout jitter must not cost a message.
        if (last && Math.abs(last.width - width) < last.width * 0.1 && Math.abs(last.height - height) < last.height * 0.1) return;
        view.reportedSize = { width, height };
        this.room.setVideoPreferences(participant.id, { width, height });
      }, SIZE_REPORT_DELAY_MS);
    });
    view.resizeObserver.observe(video);
  }

  /**
   * A tile nobody can see (scrolled out of the grid, hidden, or the whole page in a background tab) pauses its
   * video: the server forwards nothing for it until it shows again, then starts it at a keyframe. Audio goes on.
   */
  watchVisibility(participant, view) {
    if (typeof IntersectionObserver !== 'function') return;
    view.visibilityObserver = new IntersectionObserver((entries) => {
      view.onScreen = entries[entries.length - 1].isIntersecting;
      this.updatePaused(participant.id, view);
    });
    view.visibilityObserver.observe(view.tile);
  }

  updatePaused(participantId, view) {
    const paused = !view.onScreen || document.visibilityState === 'hidden';
    const participant = this.room.participants.get(participantId);
    if (!participant || paused === participant.preferences.paused) return;
    this.room.setVideoPreferences(participantId, { paused });
  }
}
