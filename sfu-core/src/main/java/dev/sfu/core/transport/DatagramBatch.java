package dev.sfu.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding path's outgoing datagrams, copied side by side into one off-heap slab and handed to the kernel
 * with one {@code sendmmsg} per flush, without a {@code ByteBuf}, a {@code DatagramPacket} and an outbound-buffer
 * entry per copy.
 *
 * <p>Why: through {@code Channel.write} each copy of a 1 -> 100 fan-out paid a pooled buffer, its release, an
 * envelope, a recycled outbound entry with its pending-bytes accounting, and the pipeline walk: about 10 % of the
 * media loop's CPU in perf (docs/benchmarks.md). Netty's epoll transport already has {@code sendmmsg}, but only
 * behind its outbound buffer; this class calls the same native method directly. Those members are package-private
 * in Netty, so they are reached through method handles; when they are missing (another Netty, NIO), {@link #open}
 * returns {@code null} and the socket keeps writing through the channel.
 *
 * <p>Event loop only. A datagram the kernel refuses (a full send buffer, an unreachable address) is dropped and
 * counted: this is real-time media, a late resend would be worse than the loss, and receivers NACK what matters.
 */
final class DatagramBatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatagramBatch.class);
    /**
     * Holds a chunk ({@link #FLUSH_EVERY}) of MTU-sized copies with room to spare; a batch that would overflow it
     * is flushed first, and a datagram larger than all of it goes through the channel.
     */
    static final int SLAB_BYTES = 64 * 1024;
    /** sendmmsg's limit (UIO_MAXIOV), and the size of Netty's packet array. */
    static final int MAX_DATAGRAMS = 1024;
    /**
     * A fan-out is handed to the kernel every this many copies rather than all at its end, so the first receivers
     * do not wait for every other receiver's copy to be encrypted: for one more system call per 32 copies (0-40 ns
     * a copy), the average copy of a 1 -> 100 fan-out waits ~260 µs instead of the ~450 µs of its last copy.
     */
    static final int FLUSH_EVERY = 32;
    private static final Object[] NETTY = findNettyInternals();
    private static final Class<?> SOCKET_CLASS = (Class<?>) NETTY[0];
    private static final MethodHandle NEW_ARRAY = (MethodHandle) NETTY[1];
    private static final MethodHandle PACKETS = (MethodHandle) NETTY[2];
    private static final MethodHandle ADD = (MethodHandle) NETTY[3];
    private static final MethodHandle CLEAR = (MethodHandle) NETTY[4];
    private static final MethodHandle RELEASE = (MethodHandle) NETTY[5];
    private static final MethodHandle SENDMMSG = (MethodHandle) NETTY[6];

    private final Object socket;
    private final Object packetArray;
    private final Object[] packets;
    private final ByteBuf slab;
    private final DropCounters drops;
    private int count;
    private int used;

    private DatagramBatch(Object socket, Object packetArray, Object[] packets, ByteBuf slab, DropCounters drops) {
        this.socket = socket;
        this.packetArray = packetArray;
        this.packets = packets;
        this.slab = slab;
        this.drops = drops;
    }

    /** A batch writing to the channel's socket, or {@code null} when it is not an epoll socket Netty lets us reach. */
    static DatagramBatch open(Channel channel, DropCounters drops) {
        if (SENDMMSG == null || !(channel instanceof UnixChannel)) {
            return null;
        }
        FileDescriptor fd = ((UnixChannel) channel).fd();
        if (!SOCKET_CLASS.isInstance(fd)) {
            return null;
        }
        try {
            Object array = NEW_ARRAY.invoke();
            Object[] packets = (Object[]) PACKETS.invoke(array);
            return new DatagramBatch(fd, array, packets, Unpooled.directBuffer(SLAB_BYTES, SLAB_BYTES), drops);
        } catch (Throwable e) {
            LOG.info("sendmmsg batch not available ({}): forwarding writes through the channel", e.toString());
            return null;
        }
    }

    /** Whether a datagram of {@code length} bytes fits beside those already added (else flush first). */
    boolean hasRoomFor(int length) {
        return count < MAX_DATAGRAMS && used + length <= SLAB_BYTES;
    }

    /** Whether a datagram of {@code length} bytes can ever go through the batch. */
    static boolean accepts(int length) {
        return length > 0 && length <= SLAB_BYTES;
    }

    /** Copies {@code packet[0, length)} into the slab for {@code recipient}; check {@link #hasRoomFor} first. */
    void add(byte[] packet, int length, InetSocketAddress recipient) {
        slab.setBytes(used, packet, 0, length);
        boolean added;
        try {
            added = (boolean) ADD.invokeExact(packetArray, slab, used, length, 0, recipient);
        } catch (Throwable e) {
            added = false;
        }
        if (!added) {
            drops.count(DropReason.SEND_FAILED);
            return;
        }
        count++;
        // 8-byte aligned starts keep the kernel's copy_from_user on its fast path
        used += (length + 7) & ~7;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Datagrams added since the last flush. */
    int size() {
        return count;
    }

    /** Hands everything added to the kernel; returns how many datagrams it took. */
    int flush() {
        int sent = 0;
        int offset = 0;
        while (offset < count) {
            int n;
            try {
                n = (int) SENDMMSG.invokeExact(socket, packets, offset, count - offset);
            } catch (IOException e) {
                // the datagram at offset failed (sendmmsg reports an error only when it is the first); skip it
                LOG.debug("sendmmsg refused a datagram: {}", e.toString());
                drops.count(DropReason.SEND_FAILED);
                offset++;
                continue;
            } catch (Throwable e) {
                LOG.debug("sendmmsg failed: {}", e.toString());
                break;
            }
            if (n <= 0) {
                break; // the send buffer is full (EAGAIN): drop the rest rather than queue stale media
            }
            offset += n;
            sent += n;
        }
        for (int i = offset; i < count; i++) {
            drops.count(DropReason.SEND_FAILED);
        }
        clear();
        return sent;
    }

    private void clear() {
        count = 0;
        used = 0;
        try {
            CLEAR.invokeExact(packetArray);
        } catch (Throwable e) {
            throw new IllegalStateException("clearing Netty's datagram array", e);
        }
    }

    @Override
    public void close() {
        try {
            RELEASE.invokeExact(packetArray);
        } catch (Throwable e) {
            LOG.debug("releasing Netty's datagram array: {}", e.toString());
        }
        slab.release();
    }

    /**
     * Finds the package-private members of Netty's epoll transport this class calls: the socket class, then the
     * handles for the datagram array's constructor, {@code packets}, {@code add0}, {@code clear}, {@code release},
     * and the socket's {@code sendmmsg}. Held in static finals so the JIT treats them as constants and inlines them.
     */
    private static Object[] findNettyInternals() {
        try {
            ClassLoader loader = Channel.class.getClassLoader();
            Class<?> arrayClass = Class.forName("io.netty.channel.epoll.NativeDatagramPacketArray", false, loader);
            Class<?> packetClass = Class.forName(
                    "io.netty.channel.epoll.NativeDatagramPacketArray$NativeDatagramPacket", false, loader);
            Class<?> socketClass = Class.forName("io.netty.channel.epoll.LinuxSocket", false, loader);
            Class<?> packetArrayType = packetClass.arrayType();
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(arrayClass, MethodHandles.lookup());
            return new Object[] {
                socketClass,
                lookup.findConstructor(arrayClass, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Object.class)),
                lookup.findVirtual(arrayClass, "packets", MethodType.methodType(packetArrayType))
                        .asType(MethodType.methodType(Object[].class, Object.class)),
                lookup.findVirtual(arrayClass, "add0", MethodType.methodType(boolean.class,
                                ByteBuf.class, int.class, int.class, int.class, InetSocketAddress.class))
                        .asType(MethodType.methodType(boolean.class, Object.class, ByteBuf.class, int.class,
                                int.class, int.class, InetSocketAddress.class)),
                lookup.findVirtual(arrayClass, "clear", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class)),
                lookup.findVirtual(arrayClass, "release", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class)),
                MethodHandles.privateLookupIn(socketClass, MethodHandles.lookup())
                        .findVirtual(socketClass, "sendmmsg",
                                MethodType.methodType(int.class, packetArrayType, int.class, int.class))
                        .asType(MethodType.methodType(int.class, Object.class, Object[].class, int.class,
                                int.class)),
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("Netty's sendmmsg is not reachable ({}): forwarding writes through the channel", e.toString());
            return new Object[7];
        }
    }
}
