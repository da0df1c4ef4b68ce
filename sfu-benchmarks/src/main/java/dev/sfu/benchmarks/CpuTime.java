package dev.sfu.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The JMH benchmarks' operations timed in <em>thread CPU time</em> instead of wall time, for machines shared
 * with other work (a descheduled thread does not count). Not a replacement for JMH on a quiet machine: no
 * forks, no blackholes beyond a checksum, one JIT for everything. Prints ns of CPU per operation (median and
 * minimum of 7 rounds), the bytes the thread allocated per operation, and, for the fan-out, per forwarded packet.
 *
 * <p>{@code java -cp sfu-benchmarks/target/benchmarks.jar dev.sfu.benchmarks.CpuTime [NAME-FILTER]}
 */
public final class CpuTime {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static long sink;
    /** Runs only the operations whose name contains this (the first argument), e.g. "fanout". */
    private static String filter = "";

    private CpuTime() {}

    public static void main(String[] args) throws Exception {
        filter = args.length > 0 ? args[0] : "";
        List<String> profiles = List.of("AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM");
        for (String profile : profiles) {
            SrtpBenchmark b = new SrtpBenchmark();
            b.profile = profile;
            b.size = 1200;
            b.setUp();
            run("srtp protect " + profile, 1, () -> b.protect().ordinal());
            run("srtp protect+unprotect " + profile, 1, () -> b.protectUnprotect().ordinal());
            b.tearDown();
        }
        RewriteBenchmark r = new RewriteBenchmark();
        r.setUp();
        run("rtp rewrite in place", 1, r::rewriteInPlace);
        run("rtp copy without extensions + rewrite", 1, r::copyWithoutExtensionsAndRewrite);
        r.tearDown();
        AesCtrCandidatesBenchmark c = new AesCtrCandidatesBenchmark();
        c.setUp();
        run("aes-cm keystream: ecb + byte xor", 1, () -> c.ecbThenByteXor()[0] & 0xFF);
        run("aes-cm keystream: ecb + byte xor at offset (as sfu-core)", 1, () -> c.ecbThenByteXorAtOffset()[0] & 0xFF);
        run("aes-cm keystream: ecb + long xor", 1, () -> c.ecbThenLongXor()[0] & 0xFF);
        run("aes-cm keystream: AES/CTR cipher re-init per packet", 1, () -> c.ctrCipherReinit()[0] & 0xFF);
        run("hmac-sha1 over 1200 bytes (as sfu-core)", 1, () -> c.hmacSha1()[0] & 0xFF);
        for (String profile : List.of("AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM")) {
            for (int n : new int[] {1, 10, 100}) {
                FanoutBenchmark f = new FanoutBenchmark();
                f.profile = profile;
                f.receivers = n;
                f.setUp();
                run("fanout " + profile + " N=" + n, n, f::fanout);
                run("fanout one copy " + profile + " N=" + n, n, f::fanoutOneCopy);
                run("fanout+sendto " + profile + " N=" + n, n, f::fanoutAndSend);
                f.tearDown();
            }
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static void run(String name, int perOp, Callable<Integer> op) throws Exception {
        if (!name.contains(filter)) {
            return;
        }
        int ops = Math.max(200, 400_000 / perOp);
        for (int i = 0; i < ops; i++) { // warm-up, JIT
            sink += op.call();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long[] rounds = new long[7];
        int roundOps = Math.max(100, 100_000 / perOp);
        for (int r = 0; r < rounds.length; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < roundOps; i++) {
                sink += op.call();
            }
            rounds[r] = (THREADS.getCurrentThreadCpuTime() - t0) / roundOps;
        }
        double bytesPerOp = (THREADS.getCurrentThreadAllocatedBytes() - allocated) / (double) (7L * roundOps);
        long[] sorted = rounds.clone();
        Arrays.sort(sorted);
        List<String> cols = new ArrayList<>();
        cols.add(String.format("%-62s %9d ns/op (min %9d) %8.1f B/op", name, sorted[3], sorted[0], bytesPerOp));
        if (perOp > 1) {
            cols.add(String.format("  %7.0f ns CPU, %6.1f B per forwarded packet", sorted[3] / (double) perOp,
                    bytesPerOp / perOp));
        }
        System.out.println(String.join("", cols));
    }
}
