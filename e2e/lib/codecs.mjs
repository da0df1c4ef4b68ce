// Which codec a page's video streams use, from getStats: each inbound-rtp / outbound-rtp entry's codecId
// resolved to its codec entry (mimeType, sdpFmtpLine), with the decoder or encoder behind it.

/** { inbound: [...], outbound: [...] } video streams of the page's RTCPeerConnection, or null without one. */
export async function videoCodecStats(page) {
  return page.evaluate(async () => {
    const pc = window.sfu?.pc;
    if (!pc) return null;
    const report = await pc.getStats();
    const codecs = new Map();
    report.forEach((s) => {
      if (s.type === 'codec') codecs.set(s.id, s);
    });
    const inbound = [];
    const outbound = [];
    report.forEach((s) => {
      if (s.kind !== 'video' || (s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp')) return;
      const codec = codecs.get(s.codecId);
      const common = {
        mid: s.mid,
        ssrc: s.ssrc,
        mimeType: codec?.mimeType ?? null,
        sdpFmtpLine: codec?.sdpFmtpLine ?? null,
        frameWidth: s.frameWidth,
        frameHeight: s.frameHeight,
        framesPerSecond: s.framesPerSecond,
      };
      if (s.type === 'inbound-rtp') {
        inbound.push({
          ...common,
          decoderImplementation: s.decoderImplementation,
          packetsReceived: s.packetsReceived ?? 0,
          framesDecoded: s.framesDecoded ?? 0,
          keyFramesDecoded: s.keyFramesDecoded ?? 0,
          freezeCount: s.freezeCount ?? 0,
          pliSent: s.pliCount ?? 0,
        });
      } else {
        outbound.push({
          ...common,
          rid: s.rid,
          encoderImplementation: s.encoderImplementation,
          framesEncoded: s.framesEncoded ?? 0,
          keyFramesEncoded: s.keyFramesEncoded ?? 0,
          pliCount: s.pliCount ?? 0,
          qualityLimitationReason: s.qualityLimitationReason,
        });
      }
    });
    // Lowest layer first, as the client lists them.
    outbound.sort((a, b) => (a.frameWidth ?? 0) - (b.frameWidth ?? 0));
    return { inbound, outbound };
  });
}
