/*
 * The data-channel envelope (docs/protocol.md, "Data channels"): every message on the `reliable` and `lossy`
 * channels, both directions, is
 *
 *   byte 0: version (1) | byte 1: flags (0x01 MORE: not the last part; 0x02 DISCARD, from the server: drop
 *   what was joined of this sender's message, the rest will not come) | bytes 2-3: header length H (u16, BE)
 *   H bytes: UTF-8 JSON header ({} when H = 0) | the rest: payload
 *
 * A message too large for one SCTP message goes as consecutive parts with the same header, MORE set on all but
 * the last; the receiver joins them per (channel, sender). Pure functions and one small class: no DOM, no
 * RTCDataChannel, so Node can test them.
 */

export const ENVELOPE_VERSION = 1;
export const FLAG_MORE = 0x01;
export const FLAG_DISCARD = 0x02;
const PREFIX_BYTES = 4;

/** Limits of the contract: a header's size, the recipients and topic it may name. */
export const MAX_HEADER_BYTES = 16384;
export const MAX_RECIPIENTS = 256;
export const MAX_TOPIC_BYTES = 128;
/** Part size the library sends at most (header included), whatever the peer would take. */
export const MAX_PART_BYTES = 65536;
/** A message joined from parts larger than this is dropped: a sender cannot make us buffer without bound. */
export const MAX_JOINED_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 of a string, or the bytes as given; anything else is a TypeError. */
export function toBytes(data) {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError('data must be a string or a Uint8Array');
}

/** The header bytes a client sends: `to` (participant ids) and `topic`, both optional; checked against the limits. */
export function clientHeader({ to, topic } = {}) {
  const header = {};
  if (to != null) {
    if (!Array.isArray(to) || to.some((id) => typeof id !== 'string')) throw new TypeError('to must be an array of participant ids');
    if (to.length > MAX_RECIPIENTS) throw new RangeError(`to names at most ${MAX_RECIPIENTS} participants`);
    if (to.length) header.to = to;
  }
  if (topic != null) {
    if (typeof topic !== 'string') throw new TypeError('topic must be a string');
    if (encoder.encode(topic).length > MAX_TOPIC_BYTES) throw new RangeError(`topic is at most ${MAX_TOPIC_BYTES} bytes of UTF-8`);
    header.topic = topic;
  }
  const bytes = Object.keys(header).length ? encoder.encode(JSON.stringify(header)) : new Uint8Array(0);
  if (bytes.length > MAX_HEADER_BYTES) throw new RangeError(`the header is at most ${MAX_HEADER_BYTES} bytes`);
  return bytes;
}

/** One envelope: prefix, header bytes, payload bytes. */
export function encodeEnvelope(headerBytes, payload, more = false) {
  const out = new Uint8Array(PREFIX_BYTES + headerBytes.length + payload.length);
  out[0] = ENVELOPE_VERSION;
  out[1] = more ? FLAG_MORE : 0;
  out[2] = headerBytes.length >> 8;
  out[3] = headerBytes.length & 0xff;
  out.set(headerBytes, PREFIX_BYTES);
  out.set(payload, PREFIX_BYTES + headerBytes.length);
  return out;
}

/**
 * The parts of one message, each at most `maxPartBytes` long (header included): one part when it fits, else
 * consecutive parts with the same header and MORE on all but the last.
 */
export function splitMessage(headerBytes, payload, maxPartBytes) {
  const room = maxPartBytes - PREFIX_BYTES - headerBytes.length;
  if (room <= 0) throw new RangeError(`the header leaves no room for data in a part of ${maxPartBytes} bytes`);
  if (payload.length <= room) return [encodeEnvelope(headerBytes, payload, false)];
  const parts = [];
  for (let offset = 0; offset < payload.length; offset += room) {
    const end = Math.min(offset + room, payload.length);
    parts.push(encodeEnvelope(headerBytes, payload.subarray(offset, end), end < payload.length));
  }
  return parts;
}

/**
 * Reads one envelope: {more, header (object), payload (Uint8Array, a view into `bytes`)}. Throws on a version
 * other than 1, a header length past the end, or a header that is not a JSON object.
 */
export function decodeEnvelope(bytes) {
  if (bytes.length < PREFIX_BYTES) throw new RangeError(`an envelope has at least ${PREFIX_BYTES} bytes, got ${bytes.length}`);
  if (bytes[0] !== ENVELOPE_VERSION) throw new RangeError(`unknown envelope version ${bytes[0]}`);
  const headerLength = (bytes[2] << 8) | bytes[3];
  if (PREFIX_BYTES + headerLength > bytes.length) throw new RangeError('the header runs past the end of the message');
  let header = {};
  if (headerLength) {
    header = JSON.parse(decoder.decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
    if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new TypeError('the header is not a JSON object');
  }
  return {
    more: (bytes[1] & FLAG_MORE) !== 0,
    discard: (bytes[1] & FLAG_DISCARD) !== 0,
    header,
    payload: bytes.subarray(PREFIX_BYTES + headerLength),
  };
}

/**
 * Joins parts into messages per (channel, sender): parts of one message arrive back to back from one sender, so
 * a message ends at the first part without MORE. `push` returns the whole message ({header, data}) at its last
 * part, else null. A message over `maxBytes` is dropped (reported once through `warn`) and so is the rest of it.
 */
export class MessageJoiner {
  constructor({ maxBytes = MAX_JOINED_BYTES, warn = () => {} } = {}) {
    this.maxBytes = maxBytes;
    this.warn = warn;
    this.pending = new Map(); // "channel\nfrom" -> {header, parts: [], size, dropping}
  }

  push(channel, envelope) {
    const key = `${channel}\n${envelope.header.from ?? ''}`;
    if (envelope.discard) {
      // The server could not finish this sender's message to us (we read too slowly): drop what we have.
      this.pending.delete(key);
      return null;
    }
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { header: envelope.header, parts: [], size: 0, dropping: false };
      this.pending.set(key, entry);
    }
    if (!entry.dropping) {
      entry.size += envelope.payload.length;
      if (entry.size > this.maxBytes) {
        entry.dropping = true;
        entry.parts = [];
        this.warn(`dropped a data message over ${this.maxBytes} bytes from ${envelope.header.from ?? 'the server'}`);
      } else {
        entry.parts.push(envelope.payload.slice()); // a copy: the part's buffer is the channel's
      }
    }
    if (envelope.more) return null;
    this.pending.delete(key);
    if (entry.dropping) return null;
    return { header: entry.header, data: concat(entry.parts, entry.size) };
  }

  /** Forgets a sender's unfinished message (it left the room). */
  forget(from) {
    for (const key of this.pending.keys()) if (key.endsWith(`\n${from}`)) this.pending.delete(key);
  }
}

function concat(parts, size) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
