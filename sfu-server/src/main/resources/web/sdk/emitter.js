/*
 * on/off events for the room: `room.on('data', handler)`. A handler gets the event's payload object; one that
 * throws is reported on the console and does not keep the others from running.
 */

export class Emitter {
  #handlers = new Map(); // type -> Set of handlers

  /** Calls `handler(payload)` on each `type` event; returns this, so calls chain. */
  on(type, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(handler);
    return this;
  }

  /** Stops calling `handler` (all handlers of `type` when none is given). */
  off(type, handler) {
    if (handler) this.#handlers.get(type)?.delete(handler);
    else this.#handlers.delete(type);
    return this;
  }

  /** Calls `handler` on the next `type` event only. */
  once(type, handler) {
    const wrapped = (payload) => {
      this.off(type, wrapped);
      handler(payload);
    };
    return this.on(type, wrapped);
  }

  emit(type, payload = {}) {
    for (const handler of [...(this.#handlers.get(type) ?? [])]) {
      try {
        handler(payload);
      } catch (err) {
        console.error(`sfu-client: a '${type}' handler threw`, err);
      }
    }
  }
}
