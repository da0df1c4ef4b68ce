package dev.sfu.core.testing;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. Registered for every test through
 * {@code META-INF/services} autodetection; Surefire runs with {@code -Dio.netty.leakDetection.level=paranoid}.
 *
 * <p>Two nets catch a report: a leak listener on every detector created after this class loads, and
 * {@link LeakLogAppender}, which sees Netty's "LEAK:" log lines even from detectors created earlier.
 * Leaks surface when a leaked buffer is collected and a later allocation polls the reference queue,
 * so after each class we collect garbage and allocate a few buffers to flush the reports.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
                detector.setLeakListener((type, records) -> report(type + ": " + records));
                return detector;
            }
        });
    }

    static void report(String leak) {
        LEAKS.add(leak);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        assertNoLeaks(context.getDisplayName());
    }

    /** Flushes pending leak reports and throws if any buffer leaked since the last check. */
    static void assertNoLeaks(String where) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 64; j++) {
                PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
                PooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
                Unpooled.buffer(16).release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String leaks = String.join("\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("Netty reported leaked buffers in " + where + ":\n" + leaks);
        }
    }
}
