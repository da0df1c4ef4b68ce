package dev.sfu.core.room;

import dev.sfu.core.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A room timer driven by a {@link ManualClock}: tasks run when a test advances the clock past their time. */
final class ManualScheduler implements RoomContext.Scheduler {
    private record Task(long dueNanos, Runnable task) {}

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(clock.nanos() + delayNanos, task));
    }

    /** Advances the clock, running each task that falls due, in time order, at its time. */
    void advance(long amount, TimeUnit unit) {
        long end = clock.nanos() + unit.toNanos(amount);
        while (true) {
            Task next = null;
            for (Task task : tasks) {
                if (task.dueNanos() <= end && (next == null || task.dueNanos() < next.dueNanos())) {
                    next = task;
                }
            }
            if (next == null) {
                break;
            }
            tasks.remove(next);
            if (next.dueNanos() > clock.nanos()) {
                clock.advance(next.dueNanos() - clock.nanos(), TimeUnit.NANOSECONDS);
            }
            next.task().run();
        }
        clock.advance(end - clock.nanos(), TimeUnit.NANOSECONDS);
    }
}
