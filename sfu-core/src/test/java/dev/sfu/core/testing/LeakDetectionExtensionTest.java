package dev.sfu.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

class LeakDetectionExtensionTest {
    @Test
    void testsRunWithParanoidLeakDetection() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    }

    @Test
    void extensionCatchesALeakedBuffer() throws Exception {
        leakOneBuffer();
        AssertionError error = assertThrows(AssertionError.class, () -> LeakDetectionExtension.assertNoLeaks("this test"));
        assertTrue(error.getMessage().contains("ByteBuf"), error.getMessage());
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(42);
    }
}
