// The data-channel envelope of the client library (sdk/envelope.js) against docs/protocol.md "Data channels":
// bytes field by field, parts and joining, the limits. Run: node --test e2e/unit/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MessageJoiner, clientHeader, decodeEnvelope, encodeEnvelope, splitMessage, toBytes,
} from '../../sfu-server/src/main/resources/web/sdk/envelope.js';

const text = (bytes) => new TextDecoder().decode(bytes);

test('an envelope is version, flags, header length, header, payload', () => {
  const header = clientHeader({ topic: 'chat' }); // {"topic":"chat"}: 16 bytes
  const bytes = encodeEnvelope(header, toBytes('hi'), true);
  assert.deepEqual([...bytes.subarray(0, 4)], [
    1, // version
    0x01, // flags: MORE
    0, 16, // header length, big-endian
  ]);
  assert.equal(text(bytes.subarray(4, 20)), '{"topic":"chat"}');
  assert.equal(text(bytes.subarray(20)), 'hi');
});

test('an empty header is H = 0 and reads back as {}', () => {
  const bytes = encodeEnvelope(clientHeader({}), toBytes('x'));
  assert.deepEqual([...bytes], [1, 0, 0, 0, 0x78]);
  assert.deepEqual(decodeEnvelope(bytes), { more: false, discard: false, header: {}, payload: toBytes('x') });
});

test('an empty to list is left out (every other participant)', () => {
  assert.equal(clientHeader({ to: [] }).length, 0);
  assert.equal(text(clientHeader({ to: ['PA_1', 'PA_2'] })), '{"to":["PA_1","PA_2"]}');
});

test('unknown flag bits are ignored', () => {
  assert.equal(decodeEnvelope(Uint8Array.of(1, 0xfe, 0, 0)).more, false);
});

const malformed = [
  ['shorter than the prefix', Uint8Array.of(1, 0, 0)],
  ['version 2', Uint8Array.of(2, 0, 0, 0)],
  ['header past the end', Uint8Array.of(1, 0, 0, 5, 0x7b, 0x7d)],
  ['header not JSON', Uint8Array.of(1, 0, 0, 1, 0x7b)],
  ['header an array', Uint8Array.of(1, 0, 0, 2, 0x5b, 0x5d)],
];
for (const [name, bytes] of malformed) {
  test(`decode refuses ${name}`, () => assert.throws(() => decodeEnvelope(bytes)));
}

test('limits: 256 recipients, 128-byte topic', () => {
  const ids = Array.from({ length: 257 }, (_, i) => `PA_${i}`);
  assert.throws(() => clientHeader({ to: ids }), RangeError);
  clientHeader({ to: ids.slice(0, 256) });
  assert.throws(() => clientHeader({ topic: 'é'.repeat(65) }), RangeError); // 130 bytes
  clientHeader({ topic: 'é'.repeat(64) });
  assert.throws(() => clientHeader({ to: 'PA_1' }), TypeError);
  assert.throws(() => toBytes(42), TypeError);
});

test('a message larger than a part is split with MORE on all but the last, each part within the size', () => {
  const header = clientHeader({ topic: 't' });
  const payload = Uint8Array.from({ length: 200_000 }, (_, i) => i & 0xff);
  const parts = splitMessage(header, payload, 65536);
  assert.equal(parts.length, 4);
  parts.forEach((part, i) => {
    assert.ok(part.length <= 65536);
    const envelope = decodeEnvelope(part);
    assert.equal(envelope.more, i < parts.length - 1);
    assert.deepEqual(envelope.header, { topic: 't' });
  });
  assert.equal(splitMessage(header, new Uint8Array(0), 65536).length, 1, 'an empty message is one part');
  assert.throws(() => splitMessage(header, payload, 4 + header.length), RangeError, 'no room for data');
});

test('parts are joined per channel and sender, interleaved senders included', () => {
  const joiner = new MessageJoiner();
  const big = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 7) & 0xff);
  const fromA = splitMessage(toBytes('{"from":"A"}'), big, 65536).map(decodeEnvelope);
  const fromB = splitMessage(toBytes('{"from":"B","topic":"x"}'), toBytes('small'), 65536).map(decodeEnvelope);
  assert.equal(joiner.push('reliable', fromA[0]), null);
  const b = joiner.push('reliable', fromB[0]);
  assert.deepEqual(b.header, { from: 'B', topic: 'x' });
  assert.equal(text(b.data), 'small');
  assert.equal(joiner.push('reliable', fromA[1]), null);
  const a = joiner.push('reliable', fromA[2]);
  assert.deepEqual(a.data, big);
});

test('a joined message over the limit is dropped with a warning, and the next one arrives', () => {
  const warnings = [];
  const joiner = new MessageJoiner({ maxBytes: 100, warn: (w) => warnings.push(w) });
  const header = toBytes('{"from":"A"}');
  for (const part of splitMessage(header, new Uint8Array(250), 64)) assert.equal(joiner.push('reliable', decodeEnvelope(part)), null);
  assert.equal(warnings.length, 1);
  assert.equal(joiner.push('reliable', decodeEnvelope(encodeEnvelope(header, toBytes('ok')))).data.length, 2);
});

test('from the backend (no from) is joined under its own key', () => {
  const joiner = new MessageJoiner();
  const message = joiner.push('reliable', decodeEnvelope(encodeEnvelope(new Uint8Array(0), toBytes('rest'))));
  assert.equal(message.header.from, undefined);
  assert.equal(text(message.data), 'rest');
});

test('a DISCARD part drops what was joined of that sender, and its next message arrives whole', () => {
  const joiner = new MessageJoiner();
  const header = toBytes('{"from":"A"}');
  const parts = splitMessage(header, new Uint8Array(200), 64).map(decodeEnvelope);
  assert.equal(joiner.push('reliable', parts[0]), null);
  const discard = encodeEnvelope(header, new Uint8Array(0), false);
  discard[1] = 0x02;
  const decoded = decodeEnvelope(discard);
  assert.equal(decoded.discard, true);
  assert.equal(joiner.push('reliable', decoded), null, 'nothing is delivered');
  const next = joiner.push('reliable', decodeEnvelope(encodeEnvelope(header, toBytes('whole'))));
  assert.equal(text(next.data), 'whole', 'the old parts are gone');
});
