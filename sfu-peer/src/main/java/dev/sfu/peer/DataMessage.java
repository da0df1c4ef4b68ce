package dev.sfu.peer;

/**
 * A data message the peer received through the SFU, joined from its parts.
 *
 * @param from the sender's participant id; null when the backend sent it over REST
 * @param topic null when none was given
 * @param reliable whether it came on the {@code reliable} channel (else the {@code lossy} one)
 */
public record DataMessage(String from, String topic, boolean reliable, byte[] data) {}
