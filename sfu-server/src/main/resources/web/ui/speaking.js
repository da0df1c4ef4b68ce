/* The speaking indicator: audio levels from getStats, shown as an outline on the tile of whoever speaks. */

const SPEAKING_LEVEL = 0.02;

/** One reading: `room` is the sfu-client Room, `views` its RemoteTiles' views (participant id -> {tile}). */
export async function updateSpeaking(room, localStream, localTile, views) {
  const { pc } = room;
  if (!pc || pc.connectionState !== 'connected') return;
  let report;
  try {
    report = await pc.getStats();
  } catch {
    return;
  }
  const levelByMid = new Map();
  let localLevel = 0;
  report.forEach((stat) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') levelByMid.set(stat.mid, stat.audioLevel || 0);
    if (stat.type === 'media-source' && stat.kind === 'audio') localLevel = stat.audioLevel || 0;
  });
  if (room.isClosed()) return;
  const audio = localStream.getAudioTracks()[0];
  localTile.classList.toggle('speaking', Boolean(audio?.enabled) && localLevel > SPEAKING_LEVEL);
  for (const participant of room.participants.values()) {
    const tile = views.get(participant.id)?.tile;
    if (!tile) continue;
    const speaking = [...participant.tracks.values()].some(
      (t) => t.kind === 'audio' && (levelByMid.get(t.mid) || 0) > SPEAKING_LEVEL,
    );
    tile.classList.toggle('speaking', speaking);
  }
}
