/**
 * SCTP (RFC 9260) wire formats for WebRTC data channels (RFC 8831), with the extensions WebRTC peers
 * use: partial reliability (FORWARD TSN, RFC 3758), stream reset (RE-CONFIG, RFC 6525), Supported
 * Extensions (RFC 5061), and the Data Channel Establishment Protocol (RFC 8832); and the association
 * that runs them, {@link dev.sfu.core.sctp.SctpAssociation}: sans I/O, confined to its caller's thread.
 *
 * <pre>
 *   DTLS application data (ByteBuf) --SctpPacket.parse--&gt; SctpPacket(ports, tag, List&lt;Chunk&gt;)
 *                                          (SctpException: short, bad checksum, malformed chunk)
 *   SctpPacket --writeTo / encode--&gt; ByteBuf with its CRC32c            (caller releases)
 *
 *   Chunk: DataChunk | InitChunk | InitAckChunk | SackChunk | HeartbeatChunk | HeartbeatAckChunk
 *        | AbortChunk | ShutdownChunk | ShutdownAckChunk | ShutdownCompleteChunk | ErrorChunk
 *        | CookieEchoChunk | CookieAckChunk | ForwardTsnChunk | ReConfigChunk
 *        | UnknownChunk (any other type, kept raw with its flags for the §3.2 upper-bit rules)
 *   InitParameter: StateCookie | SupportedExtensions | ForwardTsnSupported | UnknownParameter
 *   ReConfigParameter: OutgoingSsnResetRequest | IncomingSsnResetRequest | ReconfigurationResponse
 *                    | UnknownParameter
 *   DATA user data with PPID 50 --DcepMessage.parse--&gt; DataChannelOpen | DataChannelAck
 * </pre>
 *
 * <p>Parsing never changes buffer indexes, never retains a buffer and never reads outside the readable
 * bytes; it throws only {@link dev.sfu.core.sctp.SctpException}. Records copy what they keep (byte
 * strings as {@link dev.sfu.core.sctp.Bytes}), validate their fields on construction (unsigned 32-bit
 * values in {@code long}, 16-bit in {@code int}) and are safe to share between threads. Data channels
 * are not the media path, so a parsed chunk may allocate. This package imports nothing of the project.
 *
 * <p>The association's parts, each confined to the association's thread:
 * <pre>
 *   SctpAssociation   public API, state, timers (TimerSlot over SctpTimer), error count, close
 *   PacketDispatcher  §8.5 verification tags, chunk by chunk to:
 *     Handshake       INIT / INIT ACK / COOKIE ECHO / COOKIE ACK, T1; CookieSigner (HMAC-SHA256 cookie)
 *     DataReceiver    DataTracker (cumulative TSN, gaps, duplicates, SACK timing) + ReassemblyQueue
 *     DataSender      SendQueue (budget) -&gt; RetransmissionQueue (TSNs, SACK, T3, fast retransmit,
 *                     abandon, FORWARD TSN) + CongestionControl + RtoEstimator
 *     StreamResets    RFC 6525 requests and responses
 *     Heartbeats, Shutdown
 *   PacketWriter      chunks -&gt; packets of at most maxPacketSize -&gt; Output
 * </pre>
 */
package dev.sfu.core.sctp;
