package dev.sfu.core.room;

import static dev.sfu.core.room.DataReceiverState.Decision.DROP;
import static dev.sfu.core.room.DataReceiverState.Decision.DROP_AND_DISCARD;
import static dev.sfu.core.room.DataReceiverState.Decision.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DataReceiverStateTest {
    private final DataReceiverState state = new DataReceiverState();

    @Test
    void wholeMessagesGoThroughPartByPart() {
        assertEquals(SEND, state.decide("PA_a", true, true, true));
        assertEquals(SEND, state.decide("PA_a", false, true, true));
        assertEquals(SEND, state.decide("PA_a", false, true, false));
        assertEquals(SEND, state.decide("PA_a", true, true, false));
    }

    @Test
    void aMessageWhoseFirstPartDidNotFitIsSkippedToItsEndWithoutADiscard() {
        assertEquals(DROP, state.decide("PA_a", true, false, true));
        assertEquals(DROP, state.decide("PA_a", false, true, true), "room again, but the start is gone");
        assertEquals(DROP, state.decide("PA_a", false, true, false));
        assertEquals(SEND, state.decide("PA_a", true, true, false), "the next message goes again");
    }

    @Test
    void aMessageCutInTheMiddleEndsWithADiscard() {
        assertEquals(SEND, state.decide("PA_a", true, true, true));
        assertEquals(DROP_AND_DISCARD, state.decide("PA_a", false, false, true));
        assertEquals(DROP_AND_DISCARD, state.decide("PA_a", false, true, false), "the last part: send the DISCARD");
        assertEquals(SEND, state.decide("PA_a", true, true, true));
    }

    @Test
    void sendersAreTrackedApartAndTheBackendToo() {
        assertEquals(SEND, state.decide("PA_a", true, true, true));
        assertEquals(DROP, state.decide("PA_b", true, false, true));
        assertEquals(SEND, state.decide(null, true, true, false));
        assertEquals(SEND, state.decide("PA_a", false, true, false));
        assertEquals(DROP, state.decide("PA_b", false, true, false));
    }

    @Test
    void aReceiverThatJoinsInTheMiddleOfAMessageSkipsItsRest() {
        assertEquals(DROP, state.decide("PA_a", false, true, true));
        assertEquals(DROP, state.decide("PA_a", false, true, false));
        assertEquals(SEND, state.decide("PA_a", true, true, false));
    }

    @Test
    void forgettingASenderClearsItsUnfinishedMessage() {
        assertEquals(SEND, state.decide("PA_a", true, true, true));
        state.forget("PA_a");
        assertEquals(DROP, state.decide("PA_a", false, true, false));
    }
}
