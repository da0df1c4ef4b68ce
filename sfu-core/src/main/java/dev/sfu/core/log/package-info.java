/**
 * Logging helpers of the media plane: {@link dev.sfu.core.log.MediaLog} puts the room and participant in the MDC and
 * escapes what a client chose. Depends on SLF4J only.
 */
package dev.sfu.core.log;
