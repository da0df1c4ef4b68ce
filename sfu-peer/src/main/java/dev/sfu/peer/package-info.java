/**
 * A pure-Java WebRTC peer built from sfu-core's own protocol pieces, behaving toward the SFU as a browser
 * does; the base of end-to-end tests and of the load-test tool.
 *
 * <pre>
 *   JavaPeer (thread-safe facade) ─▶ PeerParts (the wiring, on the peer's loop)
 *   Negotiator.createOffer() ── OfferWriter ──▶ SDP offer (BUNDLE, rtcp-mux, actpass, sendonly + recvonly m-lines)
 *   Negotiator.applyAnswer() ── RemoteAnswer ─▶ candidate, ICE credentials, fingerprint, per-mid SSRCs
 *
 *   ClientTransport (one Netty UDP channel on 127.0.0.1:0, one event loop; demux, ICE then DTLS;
 *                    PeerSrtp: the SRTP contexts; PeerDatagrams: writes batched per read batch)
 *     send:  IceController checks (USE-CANDIDATE, consent every 2.5 s)
 *            DtlsSession CLIENT (handshake thread) ─▶ keys ─▶ two SrtpContexts
 *            PeerSender: AudioSender / VideoSenders (one VideoSender per simulcast encoding: RID, SSRC, size, bitrate;
 *              a frame back to back, or spread by VideoPacer at 2.5x the bitrate in 5 ms bursts, as a browser)
 *              ─▶ RtpWriter (mid, rid extensions) + PayloadStamp ─▶ PeerReports (SR counts) ─▶ SRTP protect ─▶ socket
 *            every second: RtcpSender, PeerReports ─▶ SR per own stream (blocks with LSR/DLSR per incoming stream) or RR, SDES
 *     receive (RFC 7983 first byte): 0..3 STUN responses ─▶ IceController
 *                                    20..63 DTLS ─▶ DtlsSession
 *                                    128..191 SRTP/SRTCP ─▶ unprotect ─▶ PeerReceiver: InboundStream /
 *                                             PeerSender: FeedbackCounter /
 *                                             PeerReports (the SFU's SRs, its blocks on ours ─▶ RTT; rtcpStats())
 *              dropIncoming(ssrc, seqs): lost before SRTP (decrypted apart, kept as CapturedPacket)
 *              a NACKed sequence number arriving again ─▶ retransmissions(), not InboundStream
 *   on demand: sendRemb(bps), setLayerActive(layer, on), requestKeyframe(ssrc), sendNack(ssrc, seqs)
 * </pre>
 *
 * <p>Threading: a peer and everything it owns are confined to the event loop of its channel; the public
 * methods of {@link dev.sfu.peer.JavaPeer} hop onto it and return futures, and statistics come back as
 * immutable snapshots. Buffers: every received datagram is released after dispatch; every packet built is
 * handed to Netty (which releases it) or released on the failure path.
 */
package dev.sfu.peer;
