package dev.sfu.core.dtls;

import dev.sfu.core.srtp.SrtpProfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Test fixtures: listeners that record the outcome, and sessions wired to each other in memory. */
final class DtlsPair {
    static final long WAIT_SECONDS = 20;

    private DtlsPair() {
    }

    /** Records the single outcome a session reports. */
    static final class Outcome implements DtlsSession.Listener {
        final CompletableFuture<SrtpKeyingMaterial> keys = new CompletableFuture<>();
        volatile String failureReason;
        volatile Thread callbackThread;

        @Override
        public void onHandshakeComplete(SrtpKeyingMaterial material) {
            callbackThread = Thread.currentThread();
            keys.complete(material);
        }

        @Override
        public void onHandshakeFailed(String reason, Throwable cause) {
            callbackThread = Thread.currentThread();
            failureReason = reason;
            keys.completeExceptionally(new IllegalStateException(reason, cause));
        }

        SrtpKeyingMaterial awaitKeys() throws Exception {
            return keys.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        /** Waits for a failure and returns its reason; fails the test if the handshake succeeded. */
        String awaitFailure() throws Exception {
            try {
                keys.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                return failureReason;
            }
            throw new AssertionError("handshake unexpectedly succeeded");
        }
    }

    /** A sender that hands each datagram to {@code target}, as the event loop would, then releases it. */
    static DtlsSession.DatagramSender wire(DtlsSession[] target, UnaryOperator<byte[]> filter) {
        return datagram -> {
            byte[] out = filter.apply(datagram);
            if (out == null || target[0] == null) {
                return;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(out);
            try {
                target[0].receive(buf);
            } finally {
                buf.release();
            }
        };
    }

    static DtlsSession session(DtlsSession.Role role, DtlsCertificate local, String remoteFingerprint,
            List<SrtpProfile> profiles, DtlsSession.DatagramSender sender, ExecutorService executor,
            DtlsSession.Listener listener) {
        return new DtlsSession(role, local, "sha-256", remoteFingerprint, profiles, sender, executor, listener);
    }
}
