package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * A parameter of RE-CONFIG (RFC 6525 §4). WebRTC uses the SSN reset requests to close data channels
 * (RFC 8831 §6.7); the other request types stay {@link UnknownParameter}s for now.
 */
public sealed interface ReConfigParameter extends Tlv
        permits OutgoingSsnResetRequest, IncomingSsnResetRequest, ReconfigurationResponse, UnknownParameter {

    static ReConfigParameter parse(int type, ByteBuf buf, int offset, int length) throws SctpException {
        return switch (type) {
            case OutgoingSsnResetRequest.TYPE -> OutgoingSsnResetRequest.parse(buf, offset, length);
            case IncomingSsnResetRequest.TYPE -> IncomingSsnResetRequest.parse(buf, offset, length);
            case ReconfigurationResponse.TYPE -> ReconfigurationResponse.parse(buf, offset, length);
            default -> UnknownParameter.parse(type, buf, offset, length);
        };
    }
}
