package dev.sfu.core.stun;

/**
 * A STUN message or attribute is malformed: too short, a length that runs outside the buffer, a bad
 * magic cookie, an attribute value of the wrong size. The message says what is wrong.
 */
public final class StunException extends Exception {
    public StunException(String message) {
        super(message);
    }
}
