package dev.sfu.api;

import static dev.sfu.api.ApiAssertions.assertError;
import static dev.sfu.api.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfu.api.rest.ControlPlane;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin drain over REST: no new rooms (503 draining), clients told the deadline, the drain finishes when the
 * last room has ended, or at the deadline, when everyone left is disconnected.
 */
class DrainTest {
    private static final String ROOMS = ControlPlane.BASE + "/rooms";

    @Test
    void drainRefusesNewRoomsTellsClientsAndFinishesWhenRoomsEnd() throws Exception {
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(), TestSfuServer.productionApi()
                .withNewRoomDefaults(dev.sfu.core.model.RoomSettings.defaults()))) {
            String room = TestSfuServer.uniqueRoom("before-drain");
            WsClient ann = server.connect();
            String annId = ann.join(room, "Ann", server.token(room, "ann", null)).path("participantId").asText();

            long before = System.currentTimeMillis();
            JsonNode state = assertStatus(server.call("POST", ControlPlane.BASE + "/server/drain",
                    "{\"deadlineSeconds\":60}"), 202);

            assertTrue(state.path("draining").asBoolean(), state.toString());
            long deadline = ann.next("draining").path("deadlineMillis").asLong();
            assertTrue(deadline >= before + 59_000 && deadline <= System.currentTimeMillis() + 60_000, "deadline");
            assertError(server.call("POST", ROOMS, "{\"name\":\"new-room\"}"), 503, "draining");
            WsClient late = server.connect();
            late.send(late.joinMessage("another", "Late").put("token", server.token("another", "late", null)));
            late.nextError("draining");
            assertTrue(server.body(server.get(ControlPlane.BASE + "/server")).path("draining").asBoolean());
            assertFalse(server.controlPlane().drain().finished().isDone(), "a room is still going on");
            ann.assertStillServing();

            assertStatus(server.call("DELETE", ROOMS + "/" + room + "/participants/" + annId, null), 204);

            server.controlPlane().drain().finished().get(5, TimeUnit.SECONDS);
            assertEquals(0, server.engine().roomCount());
        }
    }

    @Test
    void drainFinishesAtTheDeadlineEvenWithRoomsLeft() throws Exception {
        try (TestSfuServer server = TestSfuServer.start(TestSfuServer.loopbackMedia(), TestSfuServer.productionApi())) {
            String room = TestSfuServer.uniqueRoom("stays");
            server.connect().join(room, "Stayer", server.token(room, "stayer", null));

            assertStatus(server.call("POST", ControlPlane.BASE + "/server/drain", "{\"deadlineSeconds\":0}"), 202);

            server.controlPlane().drain().finished().get(5, TimeUnit.SECONDS);
            assertEquals(1, server.engine().roomCount(), "the deadline, not the rooms, ended the drain");
            assertError(server.call("POST", ControlPlane.BASE + "/server/drain", "{\"deadlineSeconds\":\"soon\"}"),
                    400, "invalid_field");
        }
    }
}
