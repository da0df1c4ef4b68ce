package dev.sfu.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Candidates for the AES-CM keystream step of SRTP (RFC 3711 §4.1.1) on a 1188-byte payload, the step the
 * server's profile shows on top (AesCmHmacSha1Transform.xorKeystream). {@code ecbThenByteXor} replicates
 * what sfu-core does today (counter blocks -> AES/ECB -> byte-wise XOR); {@code ecbThenLongXor} changes only
 * the XOR to 8 bytes at a time; {@code ctrCipherReinit} lets the JDK's AES/CTR intrinsic do counter, AES and
 * XOR in one pass, re-initialised with the packet's IV (the same key, so the key schedule is reused);
 * {@code ctrCipherDirectBuffer} does the same in place on a direct ByteBuffer (no copy to a heap array).
 * The keystreams are identical as long as the 16-bit block counter does not wrap (payloads under 1 MB).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AesCtrCandidatesBenchmark {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final int PAYLOAD = 1188;

    private final byte[] key = new byte[16];
    private final byte[] iv = new byte[16];
    private final byte[] payload = new byte[PAYLOAD];
    private final byte[] counters = new byte[1536];
    private final byte[] keystream = new byte[1536];
    private final byte[] packetBytes = new byte[2048];
    private final byte[] ipad = new byte[64];
    private final byte[] opad = new byte[64];
    private final byte[] inner = new byte[20];
    private final byte[] mac = new byte[20];
    private final byte[] roc = new byte[4];
    private java.security.MessageDigest sha1;
    private Cipher ecb;
    private Cipher ctr;
    private SecretKeySpec keySpec;
    private ByteBuffer direct;
    private int packet;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) (i * 7);
            iv[i] = (byte) (i * 13);
        }
        keySpec = new SecretKeySpec(key, "AES");
        ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, keySpec);
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        direct = ByteBuffer.allocateDirect(PAYLOAD);
        sha1 = java.security.MessageDigest.getInstance("SHA-1");
    }

    private void nextIv() {
        packet++;
        iv[12] = (byte) (packet >>> 8);
        iv[13] = (byte) packet;
        iv[14] = 0;
        iv[15] = 0;
    }

    private int counterBlocks() {
        int blocks = (PAYLOAD + 15) >>> 4;
        for (int b = 0; b < blocks; b++) {
            int p = b << 4;
            System.arraycopy(iv, 0, counters, p, 14);
            counters[p + 14] = (byte) (b >>> 8);
            counters[p + 15] = (byte) b;
        }
        return blocks << 4;
    }

    @Benchmark
    public byte[] ecbThenByteXor() throws GeneralSecurityException {
        nextIv();
        ecb.update(counters, 0, counterBlocks(), keystream, 0);
        for (int i = 0; i < PAYLOAD; i++) {
            payload[i] ^= keystream[i];
        }
        return payload;
    }

    /** The loop exactly as sfu-core writes it: into an array passed in, at an offset (after the RTP header). */
    @Benchmark
    public byte[] ecbThenByteXorAtOffset() throws GeneralSecurityException {
        nextIv();
        xorKeystream(ecb, packetBytes, 12, PAYLOAD);
        return packetBytes;
    }

    private void xorKeystream(Cipher cipher, byte[] a, int off, int length) throws GeneralSecurityException {
        int n = counterBlocks();
        cipher.update(counters, 0, n, keystream, 0);
        for (int i = 0; i < length; i++) {
            a[off + i] ^= keystream[i];
        }
    }

    /** HMAC-SHA1 over header + payload + ROC as sfu-core's HmacSha1 does it (pads re-hashed per message). */
    @Benchmark
    public byte[] hmacSha1() throws GeneralSecurityException {
        sha1.reset();
        sha1.update(ipad);
        sha1.update(packetBytes, 0, PAYLOAD + 12);
        sha1.update(roc, 0, 4);
        sha1.digest(inner, 0, 20);
        sha1.update(opad);
        sha1.update(inner);
        sha1.digest(mac, 0, 20);
        return mac;
    }

    @Benchmark
    public byte[] ecbThenLongXor() throws GeneralSecurityException {
        nextIv();
        ecb.update(counters, 0, counterBlocks(), keystream, 0);
        int i = 0;
        for (; i + 8 <= PAYLOAD; i += 8) {
            LONGS.set(payload, i, (long) LONGS.get(payload, i) ^ (long) LONGS.get(keystream, i));
        }
        for (; i < PAYLOAD; i++) {
            payload[i] ^= keystream[i];
        }
        return payload;
    }

    @Benchmark
    public byte[] ctrCipherReinit() throws GeneralSecurityException {
        nextIv();
        ctr.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv));
        ctr.update(payload, 0, PAYLOAD, payload, 0);
        return payload;
    }

    @Benchmark
    public ByteBuffer ctrCipherDirectBuffer() throws GeneralSecurityException {
        nextIv();
        ctr.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv));
        direct.clear();
        ByteBuffer out = direct.duplicate();
        ctr.update(direct, out);
        return out;
    }
}
