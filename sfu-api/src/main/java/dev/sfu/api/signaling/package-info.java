/** The per-participant signaling WebSocket (docs/protocol.md). */
package dev.sfu.api.signaling;
