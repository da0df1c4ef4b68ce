package dev.sfu.core.stun;

/**
 * STUN attribute types used by this SFU (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000 are
 * comprehension-required, types from 0x8000 comprehension-optional.
 */
public final class StunAttributeType {
    /** RFC 8489 §14.3. */
    public static final int USERNAME = 0x0006;
    /** RFC 8489 §14.5. */
    public static final int MESSAGE_INTEGRITY = 0x0008;
    /** RFC 8489 §14.8. */
    public static final int ERROR_CODE = 0x0009;
    /** RFC 8489 §14.9. */
    public static final int REALM = 0x0014;
    /** RFC 8489 §14.10. */
    public static final int NONCE = 0x0015;
    /** RFC 8489 §14.2. */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 8445 §16.1. */
    public static final int PRIORITY = 0x0024;
    /** RFC 8445 §16.1. */
    public static final int USE_CANDIDATE = 0x0025;
    /** RFC 8489 §14.14. */
    public static final int SOFTWARE = 0x8022;
    /** RFC 8489 §14.7. */
    public static final int FINGERPRINT = 0x8028;
    /** RFC 8445 §16.1. */
    public static final int ICE_CONTROLLED = 0x8029;
    /** RFC 8445 §16.1. */
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributeType() {}

    /** True for types 0x0000-0x7FFF, which an agent must understand or reject (RFC 8489 §14). */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }
}
