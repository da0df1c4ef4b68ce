/*
 * The chat panel: text messages over the room's reliable data channel with the topic "chat" (the payload is the
 * message's UTF-8 text). Each message shows its sender's name and the time; while the panel is closed an unread
 * badge counts what arrived. Opening the panel clears the badge.
 */

import { ui, hueOf, initials } from './dom.js';

export const CHAT_TOPIC = 'chat';
/** Longer messages are refused at the input: a chat line, not a file transfer. */
export const MAX_CHAT_CHARS = 2000;
const MAX_SHOWN = 500; // older messages leave the list so a long call does not grow the page without bound

const decoder = new TextDecoder();
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export class ChatPanel {
  /**
   * `send(text)` returns a promise (Room.sendData); `selfName()` is the name shown on our own messages;
   * `onToggle(open)` lets the page lay itself out again.
   */
  constructor({ send, selfName, onToggle }) {
    this.send = send;
    this.selfName = selfName;
    this.onToggle = onToggle;
    this.unread = 0;
    this.messages = []; // {from, name, text, time, own, failed}: what tests read through window.sfu
    ui.chatInput.maxLength = MAX_CHAT_CHARS;
    ui.chatForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    ui.chatButton.addEventListener('click', () => this.setOpen(!this.isOpen()));
    ui.chatClose.addEventListener('click', () => this.setOpen(false));
    this.showUnread();
  }

  isOpen() {
    return ui.callView.classList.contains('chat-open');
  }

  setOpen(open) {
    ui.callView.classList.toggle('chat-open', open);
    ui.chatButton.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.showUnread();
      ui.chatList.scrollTop = ui.chatList.scrollHeight;
      if (matchMedia('(hover: hover)').matches) ui.chatInput.focus(); // no keyboard popping up on phones
    }
    this.onToggle?.(open);
  }

  /** A data message with the chat topic arrived from `name` (participant `from`). */
  received({ from, name, data }) {
    this.add({ from, name, text: decoder.decode(data), own: false });
    if (!this.isOpen()) {
      this.unread += 1;
      this.showUnread();
    }
  }

  async submit() {
    const text = ui.chatInput.value.trim();
    if (!text) return;
    ui.chatInput.value = '';
    const entry = this.add({ from: null, name: this.selfName() || 'You', text, own: true });
    try {
      await this.send(text);
    } catch (err) {
      entry.failed = err.message;
      entry.element.classList.add('failed');
      const why = document.createElement('span');
      why.className = 'chat-failed';
      why.textContent = 'not sent';
      why.title = err.message;
      entry.element.querySelector('.chat-meta').append(why);
    }
  }

  add({ from, name, text, own }) {
    const entry = { from, name, text, own, time: new Date(), failed: null, element: null };
    const li = document.createElement('li');
    li.className = own ? 'chat-message own' : 'chat-message';
    const avatar = document.createElement('span');
    avatar.className = 'mini-avatar';
    avatar.textContent = initials(name);
    avatar.style.setProperty('--hue', hueOf(name));
    const meta = document.createElement('div');
    meta.className = 'chat-meta';
    const who = document.createElement('span');
    who.className = 'chat-name';
    who.textContent = own ? `${name} (you)` : name;
    const when = document.createElement('time');
    when.dateTime = entry.time.toISOString();
    when.textContent = timeFormat.format(entry.time);
    meta.append(who, when);
    const body = document.createElement('p');
    body.className = 'chat-text';
    body.textContent = text; // text, never HTML: a message cannot inject markup
    const column = document.createElement('div');
    column.className = 'chat-body';
    column.append(meta, body);
    li.append(avatar, column);
    entry.element = li;
    const atBottom = ui.chatList.scrollHeight - ui.chatList.scrollTop - ui.chatList.clientHeight < 40;
    ui.chatList.append(li);
    this.messages.push(entry);
    if (this.messages.length > MAX_SHOWN) this.messages.shift().element.remove();
    if (own || atBottom) ui.chatList.scrollTop = ui.chatList.scrollHeight; // keep reading position otherwise
    return entry;
  }

  showUnread() {
    ui.chatBadge.textContent = this.unread > 99 ? '99+' : String(this.unread);
    ui.chatBadge.hidden = this.unread === 0;
    ui.chatButton.title = this.unread ? `Chat (${this.unread} unread)` : 'Chat';
  }

  /** Whether this participant may send (its token's publishData grant); reading goes on either way. */
  setCanSend(allowed) {
    ui.chatInput.disabled = !allowed;
    ui.chatSend.disabled = !allowed;
    ui.chatInput.placeholder = allowed ? 'Message everyone' : 'Your token does not allow sending messages';
  }

  /** The call ended: the next call starts with an empty, closed panel. */
  reset() {
    this.setOpen(false);
    this.messages = [];
    this.unread = 0;
    ui.chatList.replaceChildren();
    ui.chatInput.value = '';
    this.setCanSend(true);
    this.showUnread();
  }
}
