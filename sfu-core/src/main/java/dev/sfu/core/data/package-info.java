/**
 * The SFU's relay protocol for data channel messages: the envelope every message on the {@code reliable} and
 * {@code lossy} channels carries (docs/protocol.md, "Data messages"), and how a message is cut into parts that
 * fit a receiver's {@code a=max-message-size}.
 *
 * <pre>
 *   client message --DataEnvelope.parse--&gt; DataEnvelope(more, to, topic, payload slice)
 *                                              (DataEnvelopeException: short, version, header, limits)
 *   relay --OutgoingParts.of(from, topic, more, payload)--&gt; byte[] messages per receiver limit
 * </pre>
 *
 * <p>Values are immutable; nothing here keeps a buffer or touches the network. The header is JSON, read and
 * written with Jackson's streaming parser (no data binding), with every size bounded before it is read.
 */
package dev.sfu.core.data;
