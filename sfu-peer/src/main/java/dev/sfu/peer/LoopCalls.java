package dev.sfu.peer;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work for an event loop from any thread, with its result as a future: run at once when the caller is on the
 * loop, queued otherwise; a failure (or a loop that refuses the task) completes the future exceptionally.
 */
final class LoopCalls {
    private LoopCalls() {}

    static <T> CompletableFuture<T> call(EventLoop loop, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RuntimeException rejected) {
                result.completeExceptionally(rejected);
            }
        }
        return result;
    }

    static CompletableFuture<Void> run(EventLoop loop, Runnable work) {
        return call(loop, () -> {
            work.run();
            return null;
        });
    }
}
