#!/usr/bin/python3
"""A GStreamer webrtcbin participant, written from docs/protocol.md: it joins a room over the signaling
WebSocket and either publishes (VP8 test pattern + Opus sine) or subscribes to one remote participant's video
and audio and decodes them, then holds the call.

    /usr/bin/python3 e2e/gst/peer.py --url http://127.0.0.1:PORT --room NAME --name GStreamer \
        (--publish | --subscribe [--from NAME]) [--api-key KEY] [--seconds 20] [--window 3] [--timeout 30]

Prints ONE JSON object on stdout (diagnostics on stderr); exit 0 when ok, 1 when a check failed, 2 on a
usage error. The hold (--seconds) starts once media flows (publish: connected; subscribe: first decoded
video frame); SIGTERM ends it early. With --api-key it joins with a token issued over REST and, at the end
of the hold, reads its own participant back from the REST API.

Debian's python3-gi, python3-gst-1.0, gir1.2-gst-plugins-bad-1.0, gir1.2-nice-0.1 and python3-websockets;
run it with /usr/bin/python3 (the GObject bindings are Debian's).
"""

import argparse
import asyncio
import json
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

try:
    import gi

    gi.require_version('Gst', '1.0')
    gi.require_version('GstAudio', '1.0')
    gi.require_version('GstSdp', '1.0')
    gi.require_version('GstWebRTC', '1.0')
    gi.require_version('Nice', '0.1')
    from gi.repository import Gst, GstAudio, GstSdp, GstWebRTC, Nice

    import websockets
except (ImportError, ValueError) as missing:  # still one JSON object, naming what to install
    print(json.dumps({'ok': False, 'failures': [f'{missing} (run scripts/install-test-deps.sh; '
                                                'use /usr/bin/python3)']}), flush=True)
    sys.exit(1)

# Every element the pipelines use, checked before joining so a missing plugin is named, not a stall.
ELEMENTS = ('webrtcbin', 'nicesrc', 'dtlssrtpenc', 'srtpenc', 'videotestsrc', 'vp8enc', 'rtpvp8pay', 'audiotestsrc',
            'opusenc', 'rtpopuspay', 'rtpvp8depay', 'vp8dec', 'rtpopusdepay', 'opusdec')

VIDEO_CAPS = 'application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000'
AUDIO_CAPS = 'application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000'
# Keyframe requests (PLI) and NACKs on video, as browsers offer them.
VIDEO_FEEDBACK = ',rtcp-fb-nack=(boolean)true,rtcp-fb-nack-pli=(boolean)true'
SEND_WIDTH, SEND_HEIGHT, SEND_FPS = 640, 480, 30


def log(*parts):
    stamp = time.strftime('%H:%M:%S', time.gmtime()) + f'.{int(time.time() * 1000) % 1000:03d}'
    print(f'[{stamp}] gst-peer:', *parts, file=sys.stderr, flush=True)


class Counter:
    """Frames (video) or samples (audio) that passed a pad, with the last caps' size. Written from
    GStreamer's streaming threads, read from asyncio: plain int stores, good enough for a monitor."""

    def __init__(self):
        self.units = 0
        self.buffers = 0
        self.width = 0
        self.height = 0
        self.rate = 0
        self.channels = 0

    def snapshot(self):
        out = {'buffers': self.buffers}
        if self.width:
            out.update(frames=self.units, width=self.width, height=self.height)
        elif self.rate:
            out.update(samples=self.units, rate=self.rate, channels=self.channels)
        return out


def count_video(counter):
    def probe(pad, info):
        counter.buffers += 1
        counter.units += 1
        caps = pad.get_current_caps()
        if caps:  # the size of the last frame: it may change during the call
            s = caps.get_structure(0)
            counter.width, counter.height = s.get_value('width') or 0, s.get_value('height') or 0
        return Gst.PadProbeReturn.OK
    return probe


def count_audio(counter):
    def probe(pad, info):
        caps = pad.get_current_caps()
        audio = GstAudio.AudioInfo.new_from_caps(caps) if caps else None
        if audio and audio.bpf:
            counter.rate, counter.channels = audio.rate, audio.channels
            counter.units += info.get_buffer().get_size() // audio.bpf
        counter.buffers += 1
        return Gst.PadProbeReturn.OK
    return probe


def count_encoded(counter, samples_per_buffer=0):
    """Encoded buffers: a VP8 frame each, or an Opus packet of samples_per_buffer samples."""
    def probe(pad, info):
        counter.buffers += 1
        counter.units += samples_per_buffer or 1
        return Gst.PadProbeReturn.OK
    return probe


class Peer:
    def __init__(self, args):
        self.args = args
        self.loop = asyncio.get_running_loop()
        self.base = args.url.rstrip('/')
        self.result = {'ok': False, 'failures': [], 'mode': 'publish' if args.publish else 'subscribe',
                       'room': args.room, 'name': args.name, 'gstreamer': Gst.version_string()}
        self.stop = asyncio.Event()
        self.participants = {}  # id -> name, the others in the room
        self.tracks = {}  # track id -> {id, participantId, kind}
        self.tracks_changed = asyncio.Event()
        self.answers = asyncio.Queue()
        self.closed = None
        self.connected_at = None
        self.connected = asyncio.Event()
        self.video = Counter()
        self.audio = Counter()
        self.first_frame = asyncio.Event()
        self.pipeline = None
        self.webrtc = None

    def end(self):
        """Ends the hold, or any wait before it (SIGTERM, the session closed)."""
        self.stop.set()
        self.tracks_changed.set()

    def fail(self, reason):
        log('FAIL', reason)
        self.result['failures'].append(reason)

    # ---- REST ----

    def rest(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={
            'Authorization': f'Bearer {self.args.api_key}', 'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read() or b'{}')

    # ---- signaling ----

    async def signaling_reader(self, ws):
        try:
            await self.read_signaling(ws)
        except websockets.ConnectionClosed:
            pass
        if not self.stop.is_set():
            self.closed = self.closed or {'code': 'socket_closed'}
            self.end()

    async def read_signaling(self, ws):
        async for text in ws:
            message = json.loads(text)
            kind = message.get('type')
            if kind == 'answer':
                await self.answers.put(message['sdp'])
            elif kind == 'error':
                log('server error:', text)
                await self.answers.put(message)  # an offer's refusal arrives in its answer's place
            elif kind == 'participantJoined':
                self.participants[message['participant']['id']] = message['participant']['name']
            elif kind == 'participantLeft':
                self.participants.pop(message['participantId'], None)
            elif kind == 'trackPublished':
                self.tracks[message['track']['id']] = message['track']
                self.tracks_changed.set()
            elif kind == 'trackUnpublished':
                self.tracks.pop(message['trackId'], None)
            elif kind == 'closed':
                self.closed = message
                log('session closed by the server:', text)
                self.end()

    async def join(self, ws):
        join = {'type': 'join', 'room': self.args.room, 'name': self.args.name}
        if self.args.api_key:
            grants = {'publish': bool(self.args.publish), 'subscribe': not self.args.publish}
            token = await asyncio.to_thread(self.rest, 'POST', '/api/v1/tokens', {
                'room': self.args.room, 'identity': f'gst-{self.args.name}-{int(time.time())}',
                'name': self.args.name, 'grants': grants})
            join['token'] = token['token']
        await ws.send(json.dumps(join))
        joined = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if joined.get('type') != 'joined':
            raise RuntimeError(f'join refused: {joined}')
        self.result['participantId'] = joined['participantId']
        for participant in joined['participants']:
            self.participants[participant['id']] = participant['name']
            for track in participant['tracks']:
                self.tracks[track['id']] = track
        log('joined as', joined['participantId'], 'with', len(joined['participants']), 'others')

    # ---- the pipeline ----

    def build_pipeline(self):
        self.pipeline = Gst.Pipeline.new('peer')
        self.webrtc = Gst.ElementFactory.make('webrtcbin', 'webrtc')
        self.webrtc.set_property('bundle-policy', GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.pipeline.add(self.webrtc)
        # libnice leaves loopback out of its host candidates; the server accepts ICE only from 127.0.0.0/8,
        # so 127.0.0.1 is the one address we gather on.
        ice = self.webrtc.get_property('ice-agent')
        if ice.__grefcount__ == 1:
            # GStreamer 1.22.0's getter hands out webrtcbin's own reference: without one more, dropping this
            # wrapper frees the ICE agent webrtcbin still uses (a crash at the first offer).
            ice._ref()
        agent = ice.get_property('agent')
        address = Nice.Address.new()
        address.set_from_string('127.0.0.1')
        agent.add_local_address(address)
        self.webrtc.connect('notify::connection-state', self.on_connection_state)
        self.webrtc.connect('pad-added', self.on_pad_added)
        if self.args.publish:
            self.add_sources()

    def add_sources(self):
        video = Gst.parse_bin_from_description(
            f'videotestsrc is-live=true pattern=ball ! video/x-raw,width={SEND_WIDTH},height={SEND_HEIGHT},'
            f'framerate={SEND_FPS}/1 ! videoconvert ! vp8enc name=venc deadline=1 cpu-used=8 '
            'target-bitrate=600000 keyframe-max-dist=60 error-resilient=partitions ! rtpvp8pay pt=96 '
            f'picture-id-mode=15-bit ! capsfilter caps="{VIDEO_CAPS}{VIDEO_FEEDBACK}"', True)
        audio = Gst.parse_bin_from_description(
            'audiotestsrc is-live=true wave=sine freq=440 volume=0.3 ! audioconvert ! audioresample ! '
            'audio/x-raw,rate=48000,channels=2 ! opusenc name=aenc frame-size=20 ! rtpopuspay pt=111 ! '
            f'capsfilter caps="{AUDIO_CAPS}"', True)
        for bin_ in (video, audio):
            self.pipeline.add(bin_)
            bin_.link(self.webrtc)
        video.get_by_name('venc').get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER, count_encoded(self.video))
        audio.get_by_name('aenc').get_static_pad('src').add_probe(
            Gst.PadProbeType.BUFFER, count_encoded(self.audio, samples_per_buffer=960))
        self.video.width, self.video.height = SEND_WIDTH, SEND_HEIGHT
        self.audio.rate, self.audio.channels = 48000, 2
        # The protocol wants the client's own tracks sendonly (webrtcbin makes them sendrecv).
        for index in range(2):
            transceiver = self.webrtc.emit('get-transceiver', index)
            transceiver.set_property('direction', GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)

    def sinks_have_caps(self):
        return all(pad.get_current_caps() is not None for pad in self.webrtc.sinkpads)

    def add_receivers(self):
        direction = GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY
        self.webrtc.emit('add-transceiver', direction, Gst.Caps.from_string(AUDIO_CAPS))
        self.webrtc.emit('add-transceiver', direction, Gst.Caps.from_string(VIDEO_CAPS + VIDEO_FEEDBACK))

    def on_connection_state(self, webrtc, _pspec):
        state = webrtc.get_property('connection-state')
        log('connection state', state.value_nick)
        if state == GstWebRTC.WebRTCPeerConnectionState.CONNECTED:
            self.loop.call_soon_threadsafe(self.on_connected)
        elif state in (GstWebRTC.WebRTCPeerConnectionState.FAILED, GstWebRTC.WebRTCPeerConnectionState.CLOSED):
            self.loop.call_soon_threadsafe(self.end)

    def on_connected(self):
        if self.connected_at is None:
            self.connected_at = time.monotonic()
            self.connected.set()

    def on_pad_added(self, _webrtc, pad):
        """A remote stream: depayload, decode and count it (runs on a streaming thread)."""
        if pad.get_direction() != Gst.PadDirection.SRC:
            return
        caps = pad.get_current_caps() or pad.query_caps(None)
        encoding = caps.get_structure(0).get_value('encoding-name')
        log('remote stream', caps.to_string())
        if encoding == 'VP8':
            chain = 'rtpvp8depay ! vp8dec name=dec ! fakesink name=sink sync=false async=false'
            probe = count_video(self.video)
        elif encoding == 'OPUS':
            chain = 'rtpopusdepay ! opusdec name=dec ! fakesink name=sink sync=false async=false'
            probe = count_audio(self.audio)
        else:
            log('ignoring a stream of', encoding)
            return
        decoder = Gst.parse_bin_from_description(chain, True)
        decoder.get_by_name('dec').get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER, probe)
        if encoding == 'VP8':
            decoder.get_by_name('dec').get_static_pad('src').add_probe(Gst.PadProbeType.BUFFER, self.on_first_frame)
        self.pipeline.add(decoder)
        decoder.sync_state_with_parent()
        pad.link(decoder.get_static_pad('sink'))

    def on_first_frame(self, _pad, _info):
        self.loop.call_soon_threadsafe(self.first_frame.set)
        return Gst.PadProbeReturn.REMOVE

    # ---- negotiation ----

    def promise(self):
        """A Gst.Promise and an asyncio future resolved with its reply."""
        future = self.loop.create_future()

        def done(promise):
            self.loop.call_soon_threadsafe(future.set_result, promise.get_reply())
        return Gst.Promise.new_with_change_func(done), future

    async def negotiate(self, ws, subscriptions):
        promise, reply = self.promise()
        self.webrtc.emit('create-offer', None, promise)
        offer = (await asyncio.wait_for(reply, 10)).get_value('offer')
        promise, applied = self.promise()
        self.webrtc.emit('set-local-description', offer, promise)
        await asyncio.wait_for(applied, 10)
        sdp = offer.sdp.as_text()
        mids = media_mids(sdp)
        subscriptions = {mids[index]: track for index, track in subscriptions.items()}
        self.result['offer'] = sdp
        await ws.send(json.dumps({'type': 'offer', 'sdp': sdp, 'subscriptions': subscriptions}))
        answer = await asyncio.wait_for(self.answers.get(), 20)
        if isinstance(answer, dict):
            raise RuntimeError(f'offer refused: {answer}')
        self.result['answer'] = answer
        _, message = GstSdp.SDPMessage.new_from_text(answer)
        description = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
        promise, applied = self.promise()
        self.webrtc.emit('set-remote-description', description, promise)
        outcome = await asyncio.wait_for(applied, 10)
        if outcome is not None and outcome.has_field('error'):
            raise RuntimeError(f'webrtcbin refused the answer: {outcome.get_value("error")}')

    async def remote_tracks(self):
        """The video and audio track of the participant to receive (--from, or the first that has both)."""
        while not self.stop.is_set():
            for participant_id, name in self.participants.items():
                if self.args.source and name != self.args.source:
                    continue
                kinds = {t['kind']: t['id'] for t in self.tracks.values() if t['participantId'] == participant_id}
                if 'video' in kinds and 'audio' in kinds:
                    self.result['source'] = {'participantId': participant_id, 'name': name, 'tracks': kinds}
                    return kinds
            self.tracks_changed.clear()
            await self.tracks_changed.wait()
        raise RuntimeError(f'the session ended before the tracks arrived: {self.closed or "stopped"}')

    # ---- the run ----

    async def run(self):
        ws_url = 'ws' + self.base[len('http'):] + '/ws'
        async with websockets.connect(ws_url, max_size=2 ** 20) as ws:
            await self.join(ws)
            reader = asyncio.create_task(self.signaling_reader(ws))
            self.build_pipeline()
            self.pipeline.set_state(Gst.State.PLAYING)
            try:
                await self.setup(ws)
                await self.hold()
                await self.server_view()
                if not self.closed:
                    await ws.send(json.dumps({'type': 'leave'}))
            finally:
                reader.cancel()
                self.pipeline.set_state(Gst.State.NULL)

    async def setup(self, ws):
        deadline = time.monotonic() + self.args.timeout
        if self.args.publish:
            # webrtcbin writes a stream's a=ssrc only once caps arrived on its sink pad; the server needs them
            # (webrtcbin sends no mid header extension) to know which m-line a packet belongs to.
            while not self.sinks_have_caps() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await self.negotiate(ws, {})
            what, event = 'connected', self.connected
        else:
            tracks = await asyncio.wait_for(self.remote_tracks(), deadline - time.monotonic())
            self.add_receivers()
            # m-line order = transceiver order: audio first, then video.
            await self.negotiate(ws, {0: tracks['audio'], 1: tracks['video']})
            what, event = 'first decoded video frame', self.first_frame
        waiter = asyncio.create_task(event.wait())
        stopper = asyncio.create_task(self.stop.wait())
        await asyncio.wait({waiter, stopper}, timeout=max(0, deadline - time.monotonic()),
                           return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        stopper.cancel()
        if not event.is_set():
            raise RuntimeError(f'no {what} within {self.args.timeout} s (closed: {self.closed})')
        log(what, f'after {time.monotonic() - self.started:.1f} s')

    async def hold(self):
        """Samples the counters every second for --seconds, or until SIGTERM or the session ends."""
        start = time.monotonic()
        timeline = []
        while True:
            elapsed = time.monotonic() - start
            timeline.append({'t': round(elapsed, 1), 'video': self.video.units, 'audio': self.audio.units})
            if elapsed >= self.args.seconds or self.stop.is_set():
                break
            try:
                await asyncio.wait_for(self.stop.wait(), 1)
            except asyncio.TimeoutError:
                pass
        end = timeline[-1]
        base = next((s for s in reversed(timeline) if end['t'] - s['t'] >= self.args.window), timeline[0])
        self.result['heldSeconds'] = end['t']
        self.result['connectedSeconds'] = round(time.monotonic() - self.connected_at, 1) if self.connected_at else 0
        self.result['lastWindow'] = {'seconds': round(end['t'] - base['t'], 1),
                                     'video': end['video'] - base['video'], 'audio': end['audio'] - base['audio']}
        self.result['timeline'] = timeline
        if self.closed:
            self.fail(f'the session ended during the hold: {self.closed}')

    async def server_view(self):
        """The server's view of this participant after the hold (REST)."""
        if not self.args.api_key:
            return
        path = f'/api/v1/rooms/{urllib.parse.quote(self.args.room)}/participants/{self.result["participantId"]}'
        try:
            participant = await asyncio.to_thread(self.rest, 'GET', path)
        except urllib.error.HTTPError as e:
            self.fail(f'GET {path}: {e.code} {e.read().decode(errors="replace")}')
            return
        self.result['server'] = {
            'state': participant.get('state'), 'remoteAddress': participant.get('remoteAddress'),
            'tracks': [{k: t.get(k) for k in ('kind', 'codec', 'packets')} for t in participant.get('tracks', [])],
            'subscriptions': [{k: s.get(k) for k in ('kind', 'forwarding', 'packets')}
                              for s in participant.get('subscriptions', [])]}

    async def main(self):
        self.started = time.monotonic()
        missing = [name for name in ELEMENTS if Gst.ElementFactory.find(name) is None]
        if missing:
            self.fail(f'GStreamer elements missing: {", ".join(missing)} (run scripts/install-test-deps.sh)')
            return self.result
        self.loop.add_signal_handler(signal.SIGTERM, self.end)
        self.loop.add_signal_handler(signal.SIGINT, self.end)
        try:
            await asyncio.wait_for(self.run(), self.args.timeout + self.args.seconds + 30)
        except Exception as e:  # every failure ends in the one JSON object
            self.fail(f'{type(e).__name__}: {e}')
        key = 'sent' if self.args.publish else 'received'
        self.result[key] = {'video': self.video.snapshot(), 'audio': self.audio.snapshot()}
        self.result['ok'] = not self.result['failures']
        return self.result


async def run(args):
    return await Peer(args).main()


def media_mids(sdp):
    """The a=mid of each m-line, in order."""
    mids = []
    for line in sdp.splitlines():
        if line.startswith('m='):
            mids.append(None)
        elif line.startswith('a=mid:') and mids:
            mids[-1] = line[len('a=mid:'):].strip()
    return mids


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--url', required=True, help='the server, http://127.0.0.1:PORT')
    parser.add_argument('--room', required=True)
    parser.add_argument('--name', default='GStreamer')
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument('--publish', action='store_true', help='send VP8 video and Opus audio')
    mode.add_argument('--subscribe', action='store_true', help="decode another participant's video and audio")
    parser.add_argument('--from', dest='source', help='subscribe: the name of the participant to receive')
    parser.add_argument('--api-key', help='join with a token issued over REST; read the server view at the end')
    parser.add_argument('--seconds', type=float, default=20, help='how long to hold the call once media flows')
    parser.add_argument('--window', type=float, default=3, help='the last seconds media must still flow in')
    parser.add_argument('--timeout', type=float, default=30, help='bound on joining, connecting, first media')
    return parser.parse_args()


def main():
    args = parse_args()
    Gst.init(None)
    result = asyncio.run(run(args))
    print(json.dumps(result), flush=True)
    sys.exit(0 if result['ok'] else 1)


if __name__ == '__main__':
    main()
