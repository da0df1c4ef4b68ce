/**
 * ICE-lite (RFC 8445 §2.5) and consent freshness (RFC 7675) for the SFU's side of each transport.
 *
 * <pre>
 *   UDP datagram ──StunMessage.isStun──▶ StunMessage.decode
 *        │  USERNAME "localUfrag:remoteUfrag" ──IceLiteAgent.localUfragOf──▶ agent lookup (new address)
 *        ▼
 *   IceLiteAgent.handleStun(message, raw, from, alloc) ──▶ CheckOutcome(response, authenticated, nominated, dropReason)
 *        │ caller sends and releases response; accepts "from" only when authenticated
 *        ▼
 *   IceLiteAgent.consentExpired() polled by a timer ──▶ drop the transport (RFC 7675)
 * </pre>
 *
 * <p>The SFU never sends checks: it is always the controlled side. {@link
 * dev.sfu.core.ice.IceBindingRequests} builds checks for the project's own test client. Agents are
 * confined to their transport's event loop. Depends only on {@code dev.sfu.core.stun}, {@code
 * dev.sfu.core.time} and Netty buffers.
 */
package dev.sfu.core.ice;
