package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures heap allocated by this thread per protect + unprotect round trip. Buffers come from an
 * allocator with leak detection disabled, because PARANOID leak tracking itself allocates a record on
 * every buffer access. The AES-CM profiles must allocate nothing; GCM is measured and bounded (the JCA
 * needs a GCMParameterSpec per packet and allocates inside its GCM init).
 */
class SrtpAllocationTest {
    private static final ByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(false, true);
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 10_000;

    @ParameterizedTest(name = "{0} direct={1}")
    @CsvSource({
        "AES_CM_128_HMAC_SHA1_80, false, 0",
        "AES_CM_128_HMAC_SHA1_80, true, 0",
        "AES_CM_128_HMAC_SHA1_32, true, 0",
        "AEAD_AES_128_GCM, false, 4096",
        "AEAD_AES_128_GCM, true, 4096",
    })
    void allocatesPerPacketAtMost(SrtpProfile profile, boolean direct, long maxBytesPerRoundTrip) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        SrtpContext tx = SrtpContextTest.context(profile);
        SrtpContext rx = SrtpContextTest.context(profile);
        byte[] template = Packets.rtp(0, 0x0BADCAFE, 1100);
        ByteBuf buf = direct ? UNTRACKED.directBuffer(2048, 2048) : UNTRACKED.heapBuffer(2048, 2048);
        try {
            roundTrips(tx, rx, buf, template, 0, WARMUP);
            long before = threads.getThreadAllocatedBytes(thread);
            roundTrips(tx, rx, buf, template, WARMUP, MEASURED);
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            double perPacket = (double) allocated / MEASURED;
            System.out.printf("SRTP allocation %s direct=%s: %.1f bytes per protect+unprotect%n",
                    profile, direct, perPacket);
            assertTrue(perPacket <= maxBytesPerRoundTrip + 1, profile + " allocated " + perPacket + " B/packet");
        } finally {
            buf.release();
        }
    }

    private static void roundTrips(SrtpContext tx, SrtpContext rx, ByteBuf buf, byte[] template, int from, int n) {
        for (int i = from; i < from + n; i++) {
            buf.clear().writeBytes(template).setShort(2, i);
            assertEquals(SrtpResult.OK, tx.protectRtp(buf));
            assertEquals(SrtpResult.OK, rx.unprotectRtp(buf));
        }
    }
}
