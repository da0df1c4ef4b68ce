package dev.sfu.api.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.auth.JoinAuthorizer;
import dev.sfu.api.auth.TokenException;
import dev.sfu.api.shared.FieldRules;
import dev.sfu.core.engine.JoinResult;
import dev.sfu.core.engine.SfuEngine;
import dev.sfu.core.model.ParticipantObserver;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code join} message, from its fields to the {@code joined} reply (docs/protocol.md, "Joining"): the room and
 * name are checked (the name may be left out when the token carries one), the token (if any) is checked by the {@link JoinAuthorizer}, the media plane admits the
 * participant, and the reply lists the others in the room. Malformed fields are answered {@code bad_request}
 * and leave the session as it was; a refused token ends the session. Runs on the session's context; the media
 * plane's answer is handed back to it.
 */
final class JoinFlow {
    private static final Logger log = LoggerFactory.getLogger(JoinFlow.class);
    private static final String NAME_RULE =
            "\"name\" must be 1-" + FieldRules.MAX_NAME_CHARS + " characters, no control characters";

    /** Where a join ends up, called on the session's context. */
    interface Outcome {
        /** The media plane admitted the participant. */
        void joined(String room, JoinResult result, Reply reply);

        /** The media plane refused (room full, draining...): the client was told and may try again. */
        void failed();

        /** The token was refused: the client was told {@code code}; the session is to end. */
        void refused(String code);
    }

    private final SfuEngine engine;
    private final JoinAuthorizer authorizer;
    private final IceServers iceServers;
    private final Context context;
    private final ServerMessages messages;

    JoinFlow(SfuEngine engine, JoinAuthorizer authorizer, IceServers iceServers, Context context,
            ServerMessages messages) {
        this.engine = engine;
        this.authorizer = authorizer;
        this.iceServers = iceServers;
        this.context = context;
        this.messages = messages;
    }

    /**
     * Starts a join: the fields are checked and the participant authorized here, the media plane answers
     * later through {@code outcome}.
     *
     * @param events hears the room's events once the participant is in
     * @return whether the join went to the media plane (else the client got an error, and for a refused token
     *     {@link Outcome#refused} was called)
     */
    boolean start(JsonNode message, Reply reply, ParticipantObserver events, Outcome outcome) {
        String roomName = message.path("room").asText("");
        JsonNode nameField = message.get("name");
        boolean nameGiven = nameField != null && !nameField.isNull();
        // Only a JSON string is a name: asText() would turn 42 into "42".
        String name = nameGiven && nameField.isTextual() ? nameField.asText().trim() : "";
        if (!message.path("room").isTextual() || !FieldRules.ROOM_NAME.matcher(roomName).matches()) {
            reply.error("bad_request", "\"room\" " + FieldRules.ROOM_RULE);
            return false;
        }
        if (nameGiven && !FieldRules.validName(name)) {
            reply.error("bad_request", NAME_RULE);
            return false;
        }
        JsonNode token = message.get("token");
        if (token != null && !token.isNull() && !token.isTextual()) {
            reply.error("bad_request", "\"token\" must be a string");
            return false;
        }
        JoinAuthorizer.Admission admission;
        try {
            admission = authorizer.admit(token == null || token.isNull() ? null : token.asText(), roomName, name);
        } catch (TokenException e) {
            log.info("room {}: join refused: {} ({})", roomName, e.getMessage(), e.code());
            reply.error(e.code(), e.getMessage());
            outcome.refused(e.code());
            return false;
        }
        // "name" may be left out only when the token names the participant.
        if (admission.displayName().isEmpty()) {
            reply.error("bad_request", NAME_RULE + " (required unless the join token carries a name)");
            return false;
        }
        engine.join(roomName, admission.displayName(), events, admission.options())
                .whenComplete((result, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                outcome.failed();
                reply.failure(failure);
            } else {
                outcome.joined(roomName, result, reply);
            }
        }));
        return true;
    }

    /**
     * The {@code joined} reply: who this participant is (its id, and its name: the token's when it carries one),
     * what it may do, its ICE servers, who else is in.
     */
    ObjectNode joinedMessage(String room, JoinResult result) {
        var participant = result.participant();
        return messages.message("joined", "participantId", participant.id(), "name", participant.name(), "room", room,
                "permissions", participant.permissions(),
                "iceServers", iceServers.forParticipant(participant.id()),
                "participants", result.others().stream().map(ServerMessages::publicView).toList());
    }
}
