/**
 * Loss recovery on both sides of the server (RFC 4585 generic NACK, RFC 4588 RTX).
 *
 * <pre>
 *   publisher --RTP--&gt; [RetransmissionCache per stream/layer, shared]   [NackGenerator per stream]
 *                                |                                          | collectNacks(): NACK upstream
 *                                | get(sourceSeq)                           | takeKeyframeRequest(): PLI
 *   receiver &lt;--RTP/RTX-- [NackResponder per subscription] &lt;--NACK-- receiver
 *                                | sink.resend(source, outSeq, outTs) -&gt; rewrite -&gt; RtxPacketizer (if RTX)
 * </pre>
 *
 * <p>Every class is confined to the room's event loop; the per-packet calls allocate nothing beyond
 * pooled buffers. Imports only the JDK, Netty buffers and the rtp and time packages.
 */
package dev.sfu.core.rtx;
