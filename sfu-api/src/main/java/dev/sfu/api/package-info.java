/** Room control: REST for backend services and a WebSocket per participant for signaling. */
package dev.sfu.api;
