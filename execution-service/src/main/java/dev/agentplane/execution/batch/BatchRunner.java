package dev.agentplane.execution.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.agent.AgentClient;
import dev.agentplane.execution.ending.Outcome;
import dev.agentplane.execution.intake.ExecuteRequest;
import dev.agentplane.execution.run.ExecuteService;
import dev.agentplane.execution.stream.StreamFrame;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a batch's items concurrently (bounded), each as its own execution with its own credits, and
 * reports batch_started, one batch_progress per item as it ends, and batch_completed. A failing item
 * is reported and the others go on.
 */
@ApplicationScoped
public class BatchRunner {
    @Inject
    ExecuteService executions;
    @Inject
    AgentClient agents;
    @Inject
    ManagedExecutor executor;
    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "agentplane.batch.concurrency", defaultValue = "4")
    int concurrency;

    public Multi<StreamFrame> run(Caller caller, String agentId, BatchRequest request) {
        if (!caller.mayUseAgent(agentId)) {
            throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "' exists in this workspace.");
        }
        agents.get(caller, agentId, null);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            if (!keys.add(request.items().get(i).key())) {
                throw ApiException.invalid("items[" + i + "].key", "is used by another item");
            }
        }
        String batchId = UUID.randomUUID().toString();
        AtomicLong seq = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        int total = request.items().size();
        Multi<StreamFrame> items = Multi.createFrom().iterable(request.items())
                .onItem().transformToUni(item -> Uni.createFrom()
                        .item(() -> runItem(caller, agentId, batchId, item, request.variables(), failed))
                        .runSubscriptionOn(executor))
                .merge(concurrency)
                .map(data -> frame(seq, "batch_progress", data));
        return Multi.createBy().concatenating().streams(
                Multi.createFrom().item(() -> frame(seq, "batch_started", Map.of("batch_id", batchId, "total", total))),
                items,
                Multi.createFrom().item(() -> frame(seq, "batch_completed", Map.of("batch_id", batchId,
                        "total", total, "succeeded", total - failed.get(), "failed", failed.get()))));
    }

    private Map<String, Object> runItem(Caller caller, String agentId, String batchId, BatchRequest.Item item,
                                        Map<String, Object> variables, AtomicInteger failed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("batch_id", batchId);
        data.put("key", item.key());
        try {
            ExecuteRequest request = new ExecuteRequest(item.message(), null, null, variables, null, null, null,
                    null, null, null, null, null, null, null);
            Outcome outcome = executions.executeBatchItem(caller, agentId, request, batchId);
            data.put("execution_id", outcome.execution().executionId());
            data.put("status", outcome.execution().status());
            data.put("output", outcome.execution().output());
            data.put("usage", outcome.execution().usage());
            data.put("cost", outcome.execution().cost());
            data.put("error", outcome.execution().error());
            if (outcome.failed()) {
                failed.incrementAndGet();
            }
        } catch (ApiException e) {
            failed.incrementAndGet();
            data.put("status", "failed");
            data.put("error", Map.of("code", e.code(), "message", e.getMessage()));
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            data.put("status", "failed");
            data.put("error", Map.of("code", "EXECUTION_FAILED", "message", "The item could not be run."));
        }
        return data;
    }

    private StreamFrame frame(AtomicLong seq, String type, Map<String, Object> data) {
        var body = mapper.createObjectNode().put("type", type);
        body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(data));
        long n = seq.incrementAndGet();
        body.put("seq", n);
        return new StreamFrame(n, type, body.toString());
    }
}
