package dev.agentplane.execution.pending;

import dev.agentplane.kit.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The callback URL handed to an outside system for one waiting run ({@code callback_url} of its pending action): the
 * random token in the path is the only credential, so a payment provider or media job can post without a key.
 */
@Path("/v1/executions/{id}/external-events/{token}")
@PermitAll
public class ExternalEventCallbackResource {
    @Inject
    PendingAnswers answers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response post(@PathParam("id") String id, @PathParam("token") String token,
                         @Valid @NotNull ExternalEventRequest body) {
        if (token.length() > 100) {
            throw ApiException.notFound("CALLBACK_NOT_FOUND", "No such callback.");
        }
        PendingActionResource.checkPayload(body);
        PendingAnswers.Answered answered = answers.callback(id, token, body.name(), body.payload() == null
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : body.payload());
        return Response.accepted(new PendingActionResource.Answer(id, answered.status(), answered.open(),
                answered.version(), null, null)).build();
    }
}
