package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfu.core.testing.ManualClock;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyframeRequesterTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final ManualClock clock = new ManualClock();
    private final AtomicInteger plis = new AtomicInteger();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void manyRequestsInOneIntervalReachThePublisherAsOneNowAndOneLater() throws Exception {
        KeyframeRequester requester = new KeyframeRequester(clock, RoomContext.of(loop), fir -> plis.incrementAndGet());
        onLoop(() -> {
            for (int i = 0; i < 50; i++) {
                requester.request();
            }
        });
        assertEquals(1, plis.get(), "the first request goes out at once");
        // The deferred one fires on the loop's own timer after the interval.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(KeyframeRequester.MIN_INTERVAL_NANOS) + 200);
        onLoop(() -> {});
        assertEquals(2, plis.get(), "requests inside the interval merge into one deferred PLI");
        assertEquals(50, requester.requests());
    }

    @Test
    void requestsSpacedBeyondTheIntervalEachGoOut() throws Exception {
        KeyframeRequester requester = new KeyframeRequester(clock, RoomContext.of(loop), fir -> plis.incrementAndGet());
        for (int i = 0; i < 5; i++) {
            onLoop(requester::request);
            clock.advance(KeyframeRequester.MIN_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        }
        assertEquals(5, plis.get());
        assertEquals(5, requester.sent());
    }

    private void onLoop(Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            task.run();
            done.countDown();
        });
        done.await(5, TimeUnit.SECONDS);
    }
}
