package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what a sender puts on the wire, with the step ({@link #interval}, set by the test) each packet left in
 * and the flushes; {@link #release()} after each test.
 */
final class CapturingRtpSink implements RtpSink {
    final List<ByteBuf> packets = new ArrayList<>();
    final List<Integer> sentIn = new ArrayList<>();
    int interval;
    int flushes;

    @Override
    public ByteBufAllocator alloc() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        packets.add(packet);
        sentIn.add(interval);
    }

    @Override
    public void flush() {
        flushes++;
    }

    void release() {
        packets.forEach(ByteBuf::release);
    }
}
