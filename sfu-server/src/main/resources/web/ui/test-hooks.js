/* Hooks for automated tests (see e2e/README.md, "Client hooks used"): window.sfu. */

import { codecName } from './tiles.js';

/**
 * `current()` returns the call in progress (or null); `leave()` ends it as the Leave button does; `chat()` the
 * chat panel.
 */
export function installTestHooks(current, leave, chat) {
  window.sfu = {
    /** Sets the video quality received from one participant: 'auto', 'low', 'medium' or 'high'. */
    setQuality(participantId, quality) {
      current()?.tiles?.setQuality(participantId, quality);
    },
    state() {
      const s = current();
      const room = s?.client;
      const participants = room ? [...room.participants.values()] : [];
      return {
        ws: room?.signalingState ?? 'closed',
        pc: room?.pc ? room.pc.connectionState : 'closed',
        participantId: room?.localParticipant.id ?? null,
        room: s?.room ?? null,
        // The chat as shown: who said what (own: sent from here; failed: why it was not sent), and the badge.
        chat: {
          open: chat()?.isOpen() ?? false,
          unread: chat()?.unread ?? 0,
          messages: (chat()?.messages ?? []).map(({ from, name, text, own, failed }) => ({ from, name, text, own, failed })),
        },
        remoteParticipants: participants.map((p) => ({ id: p.id, name: p.name, paused: p.preferences.paused })),
        // Which mid carries which remote track: lets tests attribute inbound-rtp stats to a sender.
        subscriptions: participants.flatMap((p) => [...p.tracks.values()].map((t) => ({
          mid: t.mid, trackId: t.id, participantId: p.id, kind: t.kind,
          unsupported: t.unsupported ? codecName(t.unsupported) : null,
        }))),
      };
    },
    get pc() {
      return current()?.client?.pc ?? null;
    },
    /** The call's sfu-client Room (docs/sdk.md), e.g. to send data or listen to events from a test. */
    get room() {
      return current()?.client ?? null;
    },
    leave,
  };
}
