/**
 * RTCP (RFC 3550 §6, RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb) as immutable records.
 *
 * <pre>
 *   datagram (ByteBuf) --RtcpCompound.parse--&gt; List&lt;RtcpPacket&gt;   (RtcpException when malformed)
 *   List&lt;RtcpPacket&gt; --RtcpCompound.encode--&gt; ByteBuf               (caller releases)
 *
 *   RtcpPacket: SenderReport | ReceiverReport | SourceDescription | Goodbye
 *             | TransportLayerNack | PictureLossIndication | FullIntraRequest
 *             | ReceiverEstimatedMaxBitrate | UnknownRtcpPacket (anything else, kept as bytes)
 * </pre>
 *
 * <p>Parsing never changes buffer indexes, never retains a buffer and never reads outside the readable
 * bytes. Records validate their fields on construction (unsigned 32-bit values in {@code long},
 * 16-bit in {@code int}) and are safe to share between threads. This package imports nothing from
 * routing, Vert.x or Jackson.
 */
package dev.sfu.core.rtcp;
