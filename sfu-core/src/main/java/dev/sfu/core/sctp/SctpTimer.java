package dev.sfu.core.sctp;

/**
 * The one way an {@link SctpAssociation} asks to be woken up: on the association's own thread (its event
 * loop), after at least {@code delayNanos}. There is no cancel: the association keeps its deadlines and
 * ignores wake-ups that come after a timer was stopped or moved.
 */
@FunctionalInterface
public interface SctpTimer {
    void schedule(Runnable task, long delayNanos);
}
