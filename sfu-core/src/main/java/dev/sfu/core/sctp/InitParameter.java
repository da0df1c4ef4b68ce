package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * A parameter of INIT or INIT ACK (RFC 9260 §3.3.2.1). The upper two bits of an unknown type say what
 * the receiver does with it (§3.2.1), so {@link UnknownParameter} keeps the type whole.
 */
public sealed interface InitParameter extends Tlv
        permits StateCookie, SupportedExtensions, ForwardTsnSupported, UnknownParameter {

    static InitParameter parse(int type, ByteBuf buf, int offset, int length) throws SctpException {
        return switch (type) {
            case StateCookie.TYPE -> StateCookie.parse(buf, offset, length);
            case SupportedExtensions.TYPE -> SupportedExtensions.parse(buf, offset, length);
            case ForwardTsnSupported.TYPE -> ForwardTsnSupported.parse(length);
            default -> UnknownParameter.parse(type, buf, offset, length);
        };
    }
}
