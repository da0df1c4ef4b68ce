package dev.sfu.api;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain {@link Socket} that does only what a test tells it: it can send frames without
 * ever reading, leave pings unanswered, or read raw frames to find the close status. The JDK client reads and
 * answers pings by itself, which is exactly what a hostile or dead client does not do. Blocking; reads bounded
 * by a socket timeout.
 */
final class RawWebSocket implements AutoCloseable {
    static final int OP_TEXT = 1;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and upgrades; a small receive buffer so a client that does not read backs the server up soon. */
    static RawWebSocket connect(int port, String origin) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
        }
        return new RawWebSocket(socket);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One masked text frame (RFC 6455 section 5.3: a client masks everything it sends). */
    void sendText(String text) throws IOException {
        out.write(frame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Bytes as they are (e.g. many frames made once with {@link #frame}). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** A frame the server sent: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame (RFC 6455 section 5.5.1), or -1 without one. */
        int closeStatus() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        /** A close frame's status and reason, e.g. "1008 rate limited". */
        String close() {
            return closeStatus() + (payload.length > 2
                    ? " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "");
        }
    }

    /** The next frame, or null at the end of the stream. */
    Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /**
     * Reads (and drops) everything until the server's close frame: its status and reason ("1008 rate limited"),
     * or "-1" if the stream just ended.
     */
    String readUntilClose() throws IOException {
        return readUntilClose(text -> { });
    }

    /** {@link #readUntilClose()}, handing every text frame on the way to {@code texts}. */
    String readUntilClose(java.util.function.Consumer<String> texts) throws IOException {
        for (Frame frame = read(); frame != null; frame = read()) {
            if (frame.opcode() == OP_CLOSE) {
                return frame.close();
            }
            if (frame.opcode() == OP_TEXT) {
                texts.accept(frame.text());
            }
        }
        return "-1";
    }

    /** The next text frame, skipping pings and other control frames. */
    String readText() throws IOException {
        for (Frame frame = read(); frame != null; frame = read()) {
            if (frame.opcode() == OP_TEXT) {
                return frame.text();
            }
            if (frame.opcode() == OP_CLOSE) {
                throw new IOException("closed by the server with " + frame.closeStatus());
            }
        }
        throw new IOException("the stream ended");
    }

    void setReadTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
