package dev.sfu.core.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.dtls.DtlsPair.Outcome;
import dev.sfu.core.dtls.DtlsSession.Role;
import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ClientHello shaped like Chromium 156's (see BROWSER-TESTING.md): supported_versions offers DTLS 1.3
 * (0xfefc) and 1.2 (0xfefd), key_share carries an X25519MLKEM768 (0x11ec) share, and the ~1.4 KB
 * message arrives as two handshake fragments in two datagrams (RFC 6347 §4.2.3). The server must
 * reassemble it and answer with a DTLS 1.2 ServerHello.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChromiumClientHelloTest {
    private static final int X25519_MLKEM768 = 0x11ec;

    @Test
    void serverReassemblesFragmentedDtls13OfferAndAnswersDtls12() throws Exception {
        DtlsCertificate serverCert = DtlsCertificate.generate();
        BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Outcome outcome = new Outcome();
        DtlsSession server = new DtlsSession(Role.SERVER, serverCert, "sha-256",
                DtlsCertificate.generate().fingerprint(),
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80), sent::add, executor,
                outcome);
        try {
            server.start();
            byte[] body = clientHelloBody(new Random(156));
            assertTrue(body.length > 1300, "body " + body.length);
            int split = 1000;
            feed(server, record(0, handshakeFragment(body, 0, split)));
            feed(server, record(1, handshakeFragment(body, split, body.length - split)));

            byte[] first = sent.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "server answered");
            assertTrue(first.length <= QueueDatagramTransport.SEND_LIMIT);
            assertEquals(22, first[0], "handshake record");
            assertEquals(2, first[13], "server_hello, not hello_verify_request");
            // ServerHello body starts after the 13-byte record and 12-byte handshake headers.
            assertEquals(0xfefd, ((first[25] & 0xff) << 8) | (first[26] & 0xff), "server_version DTLS 1.2");
            int cipherSuiteOffset = 25 + 2 + 32 + 1 + (first[59] & 0xff);
            assertEquals(0xc02b, ((first[cipherSuiteOffset] & 0xff) << 8) | (first[cipherSuiteOffset + 1] & 0xff),
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertEquals(0, server.droppedDatagrams());
        } finally {
            server.close();
            executor.shutdown();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals("session closed", outcome.awaitFailure());
    }

    private static void feed(DtlsSession session, byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            session.receive(buf);
        } finally {
            buf.release();
        }
    }

    /** DTLSPlaintext (RFC 6347 §4.1): type, version, epoch, sequence_number, length. */
    private static byte[] record(long sequence, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(22);
        u16(out, 0xfeff); // DTLS 1.0 record version, as browsers use for the first flight
        u16(out, 0);
        u16(out, 0);
        u32(out, sequence);
        u16(out, fragment.length);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    /** Handshake header (RFC 6347 §4.2.2) with one fragment of the ClientHello body. */
    private static byte[] handshakeFragment(byte[] body, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // client_hello
        u24(out, body.length);
        u16(out, 0); // message_seq
        u24(out, offset);
        u24(out, length);
        out.write(body, offset, length);
        return out.toByteArray();
    }

    private static byte[] clientHelloBody(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0xfefd); // legacy_version
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        out.writeBytes(clientRandom);
        out.write(0); // session_id
        out.write(0); // cookie
        int[] suites = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014,
            0x009c, 0x009d, 0x002f, 0x0035};
        u16(out, suites.length * 2);
        for (int s : suites) {
            u16(out, s);
        }
        out.write(1);
        out.write(0); // null compression

        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x0017, new byte[0]); // extended_master_secret
        extension(ext, 0xff01, new byte[] {0}); // renegotiation_info
        extension(ext, 0x000a, list16(X25519_MLKEM768, 0x001d, 0x0017, 0x0018)); // supported_groups
        extension(ext, 0x000b, new byte[] {1, 0}); // ec_point_formats
        extension(ext, 0x000d, list16(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601));
        byte[] srtp = list16(0x0007, 0x0008, 0x0001, 0x0002);
        byte[] useSrtp = new byte[srtp.length + 1]; // profiles, then empty srtp_mki
        System.arraycopy(srtp, 0, useSrtp, 0, srtp.length);
        extension(ext, 0x000e, useSrtp);
        extension(ext, 0x002b, new byte[] {4, (byte) 0xfe, (byte) 0xfc, (byte) 0xfe, (byte) 0xfd}); // 1.3, 1.2
        extension(ext, 0x002d, new byte[] {1, 1}); // psk_key_exchange_modes: psk_dhe_ke
        ByteArrayOutputStream shares = new ByteArrayOutputStream();
        byte[] hybrid = new byte[1184 + 32]; // ML-KEM-768 encapsulation key || X25519 share
        random.nextBytes(hybrid);
        u16(shares, X25519_MLKEM768);
        u16(shares, hybrid.length);
        shares.writeBytes(hybrid);
        byte[] x25519 = new byte[32];
        random.nextBytes(x25519);
        u16(shares, 0x001d);
        u16(shares, 32);
        shares.writeBytes(x25519);
        ByteArrayOutputStream keyShare = new ByteArrayOutputStream();
        u16(keyShare, shares.size());
        keyShare.writeBytes(shares.toByteArray());
        extension(ext, 0x0033, keyShare.toByteArray());

        u16(out, ext.size());
        out.writeBytes(ext.toByteArray());
        return out.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] list16(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, values.length * 2);
        for (int v : values) {
            u16(out, v);
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v >>> 16);
        u16(out, v & 0xffff);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >>> 16) & 0xffff);
        u16(out, (int) v & 0xffff);
    }
}
