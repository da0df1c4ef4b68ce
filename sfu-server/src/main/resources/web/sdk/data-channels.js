/*
 * The two data channels of a room session (docs/protocol.md, "Data channels"): `reliable` (ordered, fully
 * reliable) and `lossy` (unordered, no retransmission), opened in that order before the first offer so every
 * offer has its m=application section, a data-only participant included. Sends wrap each message in the envelope
 * (split into parts on the reliable channel) and respect the channel's buffer; receives join parts per
 * (channel, sender) and hand whole messages up.
 */

import { MAX_PART_BYTES, MessageJoiner, clientHeader, decodeEnvelope, splitMessage, toBytes } from './envelope.js';

/** Above this much queued in a channel, a send waits for `bufferedamountlow` instead of queueing more. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Where `bufferedamountlow` fires: low enough to save memory, high enough that the link never runs dry. */
const LOW_WATER_BYTES = 256 * 1024;

export class DataChannels {
  /**
   * `onMessage({from, data, topic, reliable})` for each whole message; `warn(text)` for what was dropped.
   * Creates the channels on `pc` at once.
   */
  constructor(pc, { onMessage, warn }) {
    this.pc = pc;
    this.onMessage = onMessage;
    this.warn = warn;
    this.closing = new AbortController(); // ends every wait when the room closes (pc.close() fires no events)
    this.joiner = new MessageJoiner({ warn });
    this.channels = {
      reliable: pc.createDataChannel('reliable', { ordered: true }),
      lossy: pc.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 }),
    };
    this.queues = { reliable: Promise.resolve(), lossy: Promise.resolve() };
    for (const [name, channel] of Object.entries(this.channels)) {
      channel.binaryType = 'arraybuffer';
      channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
      channel.addEventListener('message', (event) => this.receive(name, event.data));
    }
  }

  /**
   * Sends one message; resolves once every part is handed to the channel. Messages on one channel go one after
   * another, so the parts of two messages never interleave (the receiver joins them by sender alone).
   */
  send(data, { reliable = true, to, topic } = {}) {
    let payload;
    let header;
    try {
      payload = toBytes(data);
      header = clientHeader({ to, topic });
    } catch (err) {
      return Promise.reject(err);
    }
    const name = reliable ? 'reliable' : 'lossy';
    const sent = this.queues[name].then(() => this.sendParts(name, header, payload));
    this.queues[name] = sent.catch(() => {});
    return sent;
  }

  async sendParts(name, header, payload) {
    const channel = this.channels[name];
    await this.until(channel, 'open', () => channel.readyState === 'open');
    const parts = splitMessage(header, payload, this.partBytes());
    // The lossy channel carries single parts only: a lost part would lose the whole message anyway.
    if (name === 'lossy' && parts.length > 1) {
      throw new RangeError(`a lossy message must fit one part of ${this.partBytes()} bytes (header included)`);
    }
    for (const part of parts) {
      await this.until(channel, 'bufferedamountlow', () => channel.bufferedAmount <= HIGH_WATER_BYTES);
      channel.send(part);
    }
  }

  /** min(the peer's a=max-message-size, 64 KiB): larger SCTP messages block the association for others. */
  partBytes() {
    const max = this.pc.sctp?.maxMessageSize;
    return Math.min(max > 0 ? max : MAX_PART_BYTES, MAX_PART_BYTES);
  }

  /** Resolves when both channels are open (messages sent to this participant before then are dropped). */
  opened() {
    return Promise.all(Object.values(this.channels).map((channel) =>
      this.until(channel, 'open', () => channel.readyState === 'open')));
  }

  /** Resolves when `ready()` holds (checked now and at each `event`); rejects when the channel or room closes. */
  until(channel, event, ready) {
    if (ready()) return Promise.resolve();
    const { signal } = this.closing;
    return new Promise((resolve, reject) => {
      const done = (error) => {
        channel.removeEventListener(event, check);
        channel.removeEventListener('close', closed);
        signal.removeEventListener('abort', closed);
        if (error) reject(error);
        else resolve();
      };
      const check = () => ready() && done();
      const closed = () => done(new Error(`the ${channel.label} data channel closed`));
      if (signal.aborted || channel.readyState === 'closed') {
        closed();
        return;
      }
      channel.addEventListener(event, check);
      channel.addEventListener('close', closed);
      signal.addEventListener('abort', closed);
    });
  }

  receive(name, raw) {
    const bytes = typeof raw === 'string' ? toBytes(raw) : new Uint8Array(raw);
    let envelope;
    try {
      envelope = decodeEnvelope(bytes);
    } catch (err) {
      this.warn(`dropped a malformed data message: ${err.message}`);
      return;
    }
    if (name === 'lossy' && envelope.more) {
      this.warn('dropped a lossy data message in parts');
      return;
    }
    const message = this.joiner.push(name, envelope);
    if (!message) return;
    const { from = null, topic = null } = message.header;
    this.onMessage({ from, data: message.data, topic, reliable: name === 'reliable' });
  }

  /** A participant left: its unfinished message will never end. */
  forget(participantId) {
    this.joiner.forget(participantId);
  }

  close() {
    this.closing.abort();
  }
}
