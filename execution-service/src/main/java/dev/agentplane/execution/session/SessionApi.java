package dev.agentplane.execution.session;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** session-service's internal API, plus its create-or-resume conversations endpoint. */
@RegisterRestClient(configKey = "session-service")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SessionApi {
    @GET
    @Path("/internal/sessions/{id}/context")
    Response context(@PathParam("id") String sessionId, @QueryParam("history_runs") int historyRuns,
                     @QueryParam("external_user_id") String externalUserId,
                     @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/internal/sessions/{id}/runs")
    Response appendRun(@PathParam("id") String sessionId, AppendRun body,
                       @HeaderParam("Authorization") String auth, @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/v1/conversations")
    Response conversation(OpenConversation body, @HeaderParam("Authorization") String auth,
                          @HeaderParam("X-Request-Id") String requestId);

    /** Body of a run append; idempotent by execution id. */
    record AppendRun(String executionId, List<RunMessage> messages) {
    }

    /** Body of create-or-resume conversation. */
    record OpenConversation(String agentId, String externalUserId) {
    }
}
