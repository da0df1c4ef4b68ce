package dev.sfu.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Where the senders put their packets: protects and sends them, taking ownership of each buffer. */
interface RtpSink {
    /** Tailroom every packet should leave for the SRTP tag. */
    int SRTP_TAILROOM = 16 + 4;

    ByteBufAllocator alloc();

    /** Protects and queues the packet; the buffer is released on every path. */
    void sendRtp(ByteBuf packet);

    /** Flushes what was queued. */
    void flush();
}
