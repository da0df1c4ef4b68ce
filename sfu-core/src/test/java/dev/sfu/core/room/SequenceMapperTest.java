package dev.sfu.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceMapperTest {
    @Test
    void mapsWithAnOffsetAcrossTheWrap() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(65_530, 100);
        assertEquals(100, mapper.map(65_530));
        assertEquals(105, mapper.map(65_535));
        assertEquals(106, mapper.map(0));
        assertEquals(110, mapper.map(4));
    }

    @Test
    void droppedPacketsCloseUpAndReorderedOnesKeepTheirPlace() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(1000, 0);
        assertEquals(0, mapper.map(1000));
        mapper.drop(1001);
        assertEquals(2, mapper.map(1003), "1002 not seen yet, 1001 dropped: 1003 is the third sent");
        assertEquals(0, mapper.map(1000), "a late duplicate maps as before");
        assertEquals(1, mapper.map(1002), "1002 arrives late and fills its place");
        mapper.drop(1002);
        assertEquals(3, mapper.map(1004), "a drop older than the newest cannot close up: it stays a gap");
    }

    @Test
    void packetsFarBehindAreTooOld() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(10_000, 0);
        mapper.map(10_000 + SequenceMapper.WINDOW + 5);
        assertTrue(mapper.isTooOld(10_000));
        assertFalse(mapper.isTooOld(10_010));
    }

    /**
     * Two layers with their own random bases; the subscription switches between them at "keyframes" many
     * times, wrapping both input spaces, with 2% loss, reordering by up to 5 packets and 10% of packets
     * dropped on purpose (an unwanted temporal layer). The receiver must see every forwarded packet once, at
     * distinct numbers, across all switches; the only holes are losses and drops of reordered packets.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void manySwitchesWithWrapLossAndReorderGiveOneGapFreeStream(long seed) {
        Random random = new Random(seed);
        StreamRewriter rewriter = new StreamRewriter(random.nextInt(65_536), random.nextLong(1L << 32), 90_000);
        int[] next = {random.nextInt(65_536), random.nextInt(65_536)};
        List<Integer> sentInOrder = new ArrayList<>();
        int expectedGaps = 0;
        int layer = 0;
        long now = 0;
        for (int segment = 0; segment < 60; segment++) {
            // The segment: 200 to 1200 packets of one layer, starting at its keyframe.
            int length = 200 + random.nextInt(1000);
            int first = next[layer];
            next[layer] = (next[layer] + length) & 0xFFFF;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                order.add(i);
            }
            for (int i = 1; i < length - 1; i++) {
                if (random.nextInt(10) == 0) {
                    int j = Math.min(length - 1, i + 1 + random.nextInt(5));
                    Collections.swap(order, i, j);
                }
            }
            rewriter.startSegment(first, 0, -1, -1, now);
            int newest = -1;
            for (int i : order) {
                boolean reordered = i < newest;
                newest = Math.max(newest, i);
                int in = (first + i) & 0xFFFF;
                now += 1_000_000;
                boolean lost = i > 0 && random.nextInt(50) == 0;
                if (lost) {
                    expectedGaps++;
                    continue;
                }
                if (!rewriter.accepts(in)) {
                    continue;
                }
                if (i > 0 && random.nextInt(10) == 0) {
                    rewriter.drop(in, -1);
                    if (reordered) {
                        expectedGaps++;
                    }
                    continue;
                }
                int out = rewriter.sequence(in);
                rewriter.sent(out, 0, -1, -1, now);
                sentInOrder.add(out);
            }
            layer = 1 - layer;
        }
        // Sort the numbers the receiver saw by their distance from the first: no duplicates, and the holes
        // are losses (or reordered drops that could not close up), never more than the losses plus drops.
        int base = sentInOrder.get(0);
        List<Integer> unwrapped = new ArrayList<>();
        for (int out : sentInOrder) {
            unwrapped.add((out - base) & 0xFFFF);
        }
        // The run is longer than 65536 packets: compare within the wrap window only.
        assertTrue(sentInOrder.size() > 10_000);
        int window = 30_000;
        List<Integer> head = new ArrayList<>(unwrapped.subList(0, Math.min(window, unwrapped.size())));
        Collections.sort(head);
        for (int i = 1; i < head.size(); i++) {
            assertTrue(head.get(i) > head.get(i - 1), "each number once: " + head.get(i));
        }
        int holes = head.get(head.size() - 1) - head.get(0) + 1 - head.size();
        assertTrue(holes <= expectedGaps, "holes " + holes + " <= losses and late drops " + expectedGaps);
    }

    @Test
    void insertedNumbersComeAfterTheNewestAndShiftLaterPacketsOnly() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(1000, 0);
        assertEquals(0, mapper.map(1000));
        assertEquals(2, mapper.map(1002), "1001 not seen yet");
        assertEquals(3, mapper.insert(), "padding right after the newest");
        assertEquals(4, mapper.insert());
        assertEquals(1, mapper.map(1001), "a late packet keeps its place before the padding");
        assertEquals(2, mapper.map(1002), "a duplicate maps as before");
        assertEquals(5, mapper.map(1003), "later packets move up by the two inserted");
        mapper.drop(1004);
        assertEquals(6, mapper.insert(), "a drop closes up, then the padding takes the next number");
        assertEquals(7, mapper.map(1005));
        assertEquals(5, mapper.map(1003));
    }

    @Test
    void insertsBeforeTheFirstPacketOfASegmentShiftIt() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(500, 9);
        assertEquals(9, mapper.insert());
        assertEquals(10, mapper.map(500));
        mapper.start(600, 11);
        assertEquals(11, mapper.map(600), "a new segment starts without the old insertions");
    }

    @Test
    void insertsAcrossTheWrapAndStopWhenOnePositionIsFull() {
        SequenceMapper mapper = new SequenceMapper();
        mapper.start(65_535, 65_534);
        assertEquals(65_534, mapper.map(65_535));
        assertEquals(65_535, mapper.insert());
        assertEquals(0, mapper.map(0));
        int taken = 0;
        while (mapper.insert() >= 0) {
            taken++;
        }
        assertEquals(Byte.MAX_VALUE, taken, "at most 127 numbers after one packet");
        assertEquals(1 + 127, mapper.map(1));
    }
}
