package dev.agentplane.sessions.conversation;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.sessions.feedback.FeedbackRecords;
import dev.agentplane.sessions.feedback.FeedbackService;
import dev.agentplane.sessions.message.MessageService;
import dev.agentplane.sessions.message.MessageView;
import dev.agentplane.sessions.session.SessionView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Conversations: create-or-resume, archive, messages and feedback; open to execution keys. */
@Path("/v1/conversations")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE, Scopes.SERVICE})
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {
    @Inject
    ConversationService conversations;
    @Inject
    MessageService messages;
    @Inject
    FeedbackService feedback;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createOrResume(@NotNull @Valid ConversationCreate req) {
        ConversationService.Outcome outcome = conversations.createOrResume(req);
        return Response.status(outcome.created() ? 201 : 200).entity(outcome.conversation()).build();
    }

    @GET
    @Path("/{id}")
    public SessionView get(@PathParam("id") String id) {
        return conversations.get(id);
    }

    @POST
    @Path("/{id}/archive")
    public SessionView archive(@PathParam("id") String id) {
        return conversations.archive(id);
    }

    @GET
    @Path("/{id}/messages")
    public MessageView.MessagePage messages(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                            @QueryParam("limit") Integer limit, @QueryParam("order") String order) {
        return messages.list(id, cursor, limit, order);
    }

    @POST
    @Path("/{cid}/messages/{mid}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public FeedbackRecords.Recorded feedback(@PathParam("cid") String cid, @PathParam("mid") String mid,
                                             @NotNull @Valid FeedbackRecords.Give body) {
        return feedback.record(cid, mid, body.asInt());
    }
}
