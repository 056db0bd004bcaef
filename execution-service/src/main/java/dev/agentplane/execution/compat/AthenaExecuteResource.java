package dev.agentplane.execution.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.batch.BatchRequest;
import dev.agentplane.execution.batch.BatchRunner;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.execution.ExecutionView;
import dev.agentplane.execution.execution.PendingAction;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.preview.PreviewResource;
import dev.agentplane.execution.run.ExecuteService;
import dev.agentplane.execution.stream.SseFrames;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.List;

/**
 * Seed 003's execute family at the root ({@code /agents/{id}/execute[/stream|/batch]}, {@code
 * /agents/{id}/preview-credits}): the canonical request body as is, typed ids ({@code agent:…}) without their
 * prefix, sync answers in 003's {@code {data:{execution_id, status, output:{text, parsed_output, usage,
 * cost_microdollars}, latency_ms}}}; streams and batches are the canonical frames ({@code data: <json>} with 003's
 * event names). Credits are micro-dollars. Tool results: {@link AthenaToolResultResource}.
 */
@Path("/agents/{id}")
@RolesAllowed({Scopes.WORKSPACE, Scopes.EXECUTE})
public class AthenaExecuteResource {
    @Inject
    ExecuteService service;
    @Inject
    BatchRunner batches;
    @Inject
    PreviewResource previews;
    @Inject
    SseFrames frames;
    @Inject
    CurrentCaller caller;
    @Context
    Sse sse;

    /** 003's answer: the execution as its data, and the calls a suspended run waits on. */
    public record Data<T>(T data) {
    }

    public record Execution(String executionId, String status, Output output, Long latencyMs,
                            List<PendingAction> pendingActions, ExecutionView.Error error) {
        static Execution of(ExecutionView e) {
            ExecutionView.Usage usage = e.usage();
            Output output = new Output(e.output() == null ? null : e.output().text(),
                    e.output() == null ? null : e.output().parsedOutput(), usage, e.cost());
            return new Execution(e.executionId(), e.status(), output, e.latencyMs(), e.pendingActions(), e.error());
        }
    }

    public record Output(String text, JsonNode parsedOutput, ExecutionView.Usage usage, long costMicrodollars) {
    }

    @POST
    @Path("/execute")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response execute(@PathParam("id") String agentId, @Valid @NotNull ExecuteRequest body,
                            @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key) {
        Outcome outcome = CompatRuns.succeeded(service.executeSync(caller.get(),
                ExecuteService.Target.agent(AthenaIds.agent(agentId)), body, key));
        return CompatRuns.withCredits(Response.ok(new Data<>(Execution.of(outcome.execution()))), outcome).build();
    }

    @POST
    @Path("/execute/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(@PathParam("id") String agentId, @Valid @NotNull ExecuteRequest body,
                                          @HeaderParam(CompatRuns.IDEMPOTENCY_KEY) String key) {
        return frames.toSse(service.executeStreaming(caller.get(), ExecuteService.Target.agent(AthenaIds.agent(agentId)),
                body, key), sse);
    }

    @POST
    @Path("/execute/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> batch(@PathParam("id") String agentId, @Valid @NotNull BatchRequest body) {
        return frames.toSse(batches.run(caller.get(), AthenaIds.agent(agentId), body), sse);
    }

    @POST
    @Path("/preview-credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Data<PreviewResource.Preview> preview(@PathParam("id") String agentId, @Valid PreviewResource.PreviewRequest body) {
        return new Data<>(previews.preview(AthenaIds.agent(agentId), body));
    }

    /** 003's typed ids. */
    static final class AthenaIds {
        private AthenaIds() {
        }

        /** 003's typed ids ({@code agent:0bve…}) name the same agent as the bare id. */
        static String agent(String id) {
            return id.startsWith("agent:") ? id.substring("agent:".length()) : id;
        }
    }

}
