package dev.agentplane.execution.session;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.execution.client.ServiceCallFilter;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.rest.client.reactive.NotBody;
import io.vertx.core.VertxException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * session-service's internal API, plus its create-or-resume conversations endpoint, on behalf of the caller's
 * workspace. The run append is idempotent by execution id, so it is retried like the reads.
 */
@RegisterRestClient(configKey = "session-service")
@RegisterProvider(ServiceCallFilter.class)
@RegisterProvider(DependencyErrors.class)
@Retry(maxRetries = 1, delay = 50, retryOn = {DependencyErrors.Unavailable.class, ProcessingException.class,
        VertxException.class})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SessionApi {
    @GET
    @Path("/internal/sessions/{id}/context")
    SessionContext context(@NotBody Caller caller, @PathParam("id") String sessionId,
                           @QueryParam("history_runs") int historyRuns,
                           @QueryParam("external_user_id") String externalUserId);

    @POST
    @Path("/internal/sessions/{id}/runs")
    Appended appendRun(@NotBody Caller caller, @PathParam("id") String sessionId, AppendRun body);

    /** Merges variables into the session's (session-service's PATCH merges; a null value removes one). */
    @PATCH
    @Path("/v1/sessions/{id}")
    void saveVariables(@NotBody Caller caller, @PathParam("id") String sessionId, VariablesPatch body);

    @POST
    @Path("/v1/conversations")
    Conversation conversation(@NotBody Caller caller, OpenConversation body);

    /** What an append did: whether it stored the run (a retry stores nothing), the ids, the session's revision. */
    record Appended(boolean appended, List<String> messageIds, Long revision, Instant expiresAt) {
    }

    /** The conversation's session. */
    record Conversation(String id) {
    }

    /** Body of a run append; idempotent by execution id. */
    record AppendRun(String executionId, List<RunMessage> messages) {
    }

    /** Body of a session PATCH that changes variables only. */
    record VariablesPatch(Map<String, Object> variables) {
    }

    /** Body of create-or-resume conversation. */
    record OpenConversation(String agentId, String externalUserId) {
    }
}
