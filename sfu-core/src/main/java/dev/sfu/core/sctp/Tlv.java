package dev.sfu.core.sctp;

import io.netty.buffer.ByteBuf;

/**
 * A Type-Length-Value field inside a chunk: a chunk parameter (RFC 9260 §3.2.1) or an error cause
 * (§3.3.10). The Length field counts the 4-byte header and the value but not the padding to a multiple
 * of 4, which {@link Tlvs} adds between fields.
 */
public interface Tlv {
    /** Parameter Type or Cause Code. */
    int type();

    int valueLength();

    void writeValue(ByteBuf out);
}
