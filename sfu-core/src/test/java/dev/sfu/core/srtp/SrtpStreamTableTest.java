package dev.sfu.core.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SrtpStreamTableTest {
    @Test
    void startsSmallAndGrowsToTheCapKeepingEveryStreamsState() {
        SrtpStreamTable table = new SrtpStreamTable();
        assertEquals(SrtpStreamTable.INITIAL_STREAMS, table.capacity());
        int[] ssrcs = new Random(7).ints(SrtpStreamTable.MAX_STREAMS).toArray();
        for (int i = 0; i < ssrcs.length; i++) {
            int e = table.findOrAdd(ssrcs[i]);
            assertEquals(i, e);
            // state set while the table was small must survive each doubling
            table.rtpSentIndex[e] = 1000 + i;
            table.rtpReceivedIndex[e] = 2000 + i;
            table.rtpReplayWindow[2 * e + 1] = 3000 + i;
            table.rtcpNextIndex[e] = 4000 + i;
            table.rtcpReceivedIndex[e] = 5000 + i;
            table.rtcpReplayWindow[2 * e] = 6000 + i;
        }
        assertEquals(SrtpStreamTable.MAX_STREAMS, table.capacity());
        assertTrue(table.isFull());
        assertEquals(-1, table.findOrAdd(ssrcs[0] ^ 0x5A5A5A5A));
        for (int i = 0; i < ssrcs.length; i++) {
            int e = table.find(ssrcs[i]);
            assertEquals(i, e);
            assertEquals(i, table.findOrAdd(ssrcs[i]));
            assertEquals(1000 + i, table.rtpSentIndex[e]);
            assertEquals(2000 + i, table.rtpReceivedIndex[e]);
            assertEquals(3000 + i, table.rtpReplayWindow[2 * e + 1]);
            assertEquals(4000 + i, table.rtcpNextIndex[e]);
            assertEquals(5000 + i, table.rtcpReceivedIndex[e]);
            assertEquals(6000 + i, table.rtcpReplayWindow[2 * e]);
        }
    }

    @Test
    void freshEntriesStartBeforeTheFirstPacket() {
        SrtpStreamTable table = new SrtpStreamTable();
        for (int i = 0; i < 20; i++) {
            int e = table.findOrAdd(i * 0x01000193);
            assertEquals(-1, table.rtpSentIndex[e]);
            assertEquals(-1, table.rtpReceivedIndex[e]);
            assertEquals(0, table.rtcpNextIndex[e]);
            assertEquals(-1, table.rtcpReceivedIndex[e]);
        }
        assertEquals(-1, table.find(12345));
    }
}
