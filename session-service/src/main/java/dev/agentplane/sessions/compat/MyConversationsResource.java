package dev.agentplane.sessions.compat;

import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.sessions.conversation.ConversationCreate;
import dev.agentplane.sessions.conversation.ConversationService;
import dev.agentplane.sessions.feedback.FeedbackRecords;
import dev.agentplane.sessions.feedback.FeedbackService;
import dev.agentplane.sessions.session.SessionView;
import jakarta.annotation.security.RolesAllowed;
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
 * Seed 003's conversations ({@code /my/conversations}) over the canonical conversation services.
 * Seed 003 writes typed ids ({@code agent:…}, {@code conversation:…}); the prefix is dropped, the
 * way {@code X-Workspace-Id: workspace:…} is read. The conversation ids answered here are what seed
 * 003's {@code conversation_scope} takes.
 */
@Path("/my/conversations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE, Scopes.SERVICE})
public class MyConversationsResource {
    @Inject
    ConversationService conversations;
    @Inject
    FeedbackService feedback;

    /** 201 with a new conversation, 200 with the workspace's active one for this agent and user. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createOrResume(@NotNull @Valid ConversationCreate req) {
        ConversationService.Outcome outcome = conversations.createOrResume(new ConversationCreate(
                untyped(req.agentId(), "agent:"), req.externalUserId(), req.title(), req.metadata(), req.variables()));
        return Response.status(outcome.created() ? 201 : 200).entity(outcome.conversation()).build();
    }

    @POST
    @Path("/{id}/archive")
    public SessionView archive(@PathParam("id") String id) {
        return conversations.archive(untyped(id, "conversation:"));
    }

    @POST
    @Path("/{cid}/messages/{mid}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public FeedbackRecords.Recorded feedback(@PathParam("cid") String cid, @PathParam("mid") String mid,
                                             @NotNull @Valid FeedbackRecords.Give body) {
        return feedback.record(untyped(cid, "conversation:"), untyped(mid, "message:"), body.asInt());
    }

    static String untyped(String id, String type) {
        return id != null && id.startsWith(type) ? id.substring(type.length()) : id;
    }
}
