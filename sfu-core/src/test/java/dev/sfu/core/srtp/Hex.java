package dev.sfu.core.srtp;

import java.util.HexFormat;

/** Hex helpers for test vectors written as in the RFCs (spaces and line breaks allowed). */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
