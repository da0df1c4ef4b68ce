/** Time sources for the media plane: a monotonic clock that tests can replace. */
package dev.sfu.core.time;
