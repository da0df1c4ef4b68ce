package dev.sfu.core.sctp;

import java.util.PriorityQueue;

/** A manual clock and an {@link SctpTimer} for tests: {@link #runUntil} advances time task by task. */
public final class ManualScheduler implements SctpTimer {
    private record Task(long at, long order, Runnable action) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long now = 1_000_000_000L;
    private long order;

    public long now() {
        return now;
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        tasks.add(new Task(now + Math.max(0, delayNanos), order++, task));
    }

    public int pending() {
        return tasks.size();
    }

    /** Runs due tasks in time order up to {@code deadline} (then the clock stands there), at most {@code maxSteps}. */
    public int runUntil(long deadline, int maxSteps) {
        int steps = 0;
        while (!tasks.isEmpty() && tasks.peek().at <= deadline && steps < maxSteps) {
            Task task = tasks.poll();
            now = Math.max(now, task.at);
            task.action.run();
            steps++;
        }
        if (steps < maxSteps) {
            now = Math.max(now, deadline);
        }
        return steps;
    }

    /** Runs until {@code done} holds or time passes {@code deadline}; true if it held. */
    public boolean runUntil(java.util.function.BooleanSupplier done, long deadline, int maxSteps) {
        int steps = 0;
        while (!done.getAsBoolean()) {
            if (tasks.isEmpty() || tasks.peek().at > deadline || steps++ >= maxSteps) {
                return false;
            }
            Task task = tasks.poll();
            now = Math.max(now, task.at);
            task.action.run();
        }
        return true;
    }

    public void advance(long nanos) {
        runUntil(now + nanos, Integer.MAX_VALUE);
    }
}
