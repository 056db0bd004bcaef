package dev.agentplane.registry.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.event.EventEnvelope;
import dev.agentplane.kit.event.ProcessedEvents;
import dev.agentplane.registry.agent.AgentEntity;
import dev.agentplane.registry.agent.AgentEvents;
import dev.agentplane.registry.agent.AgentReads;
import dev.agentplane.registry.agent.AgentRepository;
import dev.agentplane.registry.agent.AgentService;
import dev.agentplane.registry.catalog.GraduationPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Training statistics from consumed events, readiness under the policy, and promotion. */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    static final String CONSUMER = "registry.training";

    @Inject
    CurrentCaller caller;
    @Inject
    AgentRepository agents;
    @Inject
    AgentService agentService;
    @Inject
    AgentEvents events;
    @Inject
    TrainingRepository training;
    @Inject
    GraduationPolicy policy;
    @Inject
    ProcessedEvents processed;
    @Inject
    ObjectMapper mapper;

    /**
     * Applies agent.executed events, each once however often it is delivered, in one transaction:
     * the statistics row of each agent is locked and written once for all of its events.
     */
    @Transactional
    public void recordExecutions(List<EventEnvelope> events) {
        List<Delivered> readable = new ArrayList<>();
        for (EventEnvelope e : events) {
            try {
                TrainingEvents.Executed data = e.dataAs(TrainingEvents.Executed.class, mapper);
                if (data.agentId() != null) {
                    readable.add(new Delivered(e, data));
                }
            } catch (RuntimeException bad) {
                LOG.warnf("skipping agent.executed %s: %s", e.id(), bad.getMessage());
            }
        }
        Set<String> first = processed.firstDeliveries(CONSUMER, readable.stream().map(d -> d.event().id()).toList());
        Map<AgentKey, List<Delivered>> byAgent = new LinkedHashMap<>();
        for (Delivered d : readable) {
            // the first copy of an event in this poll counts; a repeat of it, here or later, does not
            if (first.remove(d.event().id())) {
                byAgent.computeIfAbsent(new AgentKey(d.event().workspace(), d.data().agentId()),
                        k -> new ArrayList<>()).add(d);
            }
        }
        byAgent.forEach((agent, delivered) -> {
            if (agents.findLive(agent.workspaceId(), agent.agentId()).isEmpty()) {
                return;
            }
            TrainingEntity t = training.forUpdate(agent.workspaceId(), agent.agentId());
            delivered.forEach(d -> apply(t, d.event(), d.data()));
        });
    }

    private record AgentKey(String workspaceId, String agentId) {
    }

    private record Delivered(EventEnvelope event, TrainingEvents.Executed data) {
    }

    private static void apply(TrainingEntity t, EventEnvelope e, TrainingEvents.Executed data) {
        t.executions++;
        switch (data.status() == null ? "" : data.status()) {
            case "completed" -> {
                t.successes++;
                t.executionsAtLevel++;
                t.successesAtLevel++;
            }
            case "failed" -> {
                t.failures++;
                t.executionsAtLevel++;
            }
            default -> t.cancellations++;
        }
        if (data.usage() != null && data.usage().totalTokens() != null) {
            t.totalTokens += data.usage().totalTokens();
        }
        t.totalLatencyMs += data.latencyMs() == null ? 0 : data.latencyMs();
        t.totalCost = data.cost() == null ? t.totalCost : t.totalCost.add(data.cost());
        t.lastExecutionId = data.executionId();
        t.lastExecutionAt = e.time() == null ? Instant.now() : e.time();
        t.updatedAt = Instant.now();
    }

    /** Applies a feedback.recorded event once; a changed vote moves one count to the other side. */
    @Transactional
    public void recordFeedback(EventEnvelope e) {
        TrainingEvents.Feedback data = e.dataAs(TrainingEvents.Feedback.class, mapper);
        if (!processed.firstDelivery(CONSUMER, e.id()) || data.agentId() == null
                || agents.findLive(e.workspace(), data.agentId()).isEmpty()) {
            return;
        }
        TrainingEntity t = training.forUpdate(e.workspace(), data.agentId());
        count(t, data.previousValue(), -1);
        count(t, data.value(), +1);
        t.updatedAt = Instant.now();
    }

    private static void count(TrainingEntity t, Integer value, int delta) {
        if (value != null && value > 0) {
            t.positiveFeedback = Math.max(0, t.positiveFeedback + delta);
        } else if (value != null && value < 0) {
            t.negativeFeedback = Math.max(0, t.negativeFeedback + delta);
        }
    }

    @Transactional
    public TrainingView view(String agentId) {
        AgentEntity a = agents.findLive(caller.workspaceId(), agentId).orElseThrow(() -> AgentReads.notFound(agentId));
        TrainingEntity t = training.find(a.workspaceId, a.agentId).orElse(null);
        return TrainingView.of(a, t, Readiness.of(a.maturityLevel, t, policy));
    }

    /** Moves the agent one maturity level up when the policy allows it, as a new version. */
    @Transactional
    public Promotion promote(String agentId) {
        AgentEntity a = agents.findLiveForUpdate(caller.workspaceId(), agentId)
                .orElseThrow(() -> AgentReads.notFound(agentId));
        TrainingEntity t = training.forUpdate(a.workspaceId, a.agentId);
        Readiness r = Readiness.of(a.maturityLevel, t, policy);
        if (!r.eligible()) {
            throw new ApiException(409, "PROMOTION_NOT_ALLOWED", r.nextLevel() == null
                    ? "The agent is already at the highest maturity level."
                    : "The graduation policy does not allow promoting this agent yet.",
                    List.of(), Map.of("readiness", r));
        }
        String previous = a.maturityLevel;
        agentService.changeMaturity(a, r.nextLevel());
        t.executionsAtLevel = 0;
        t.successesAtLevel = 0;
        t.updatedAt = Instant.now();
        events.graduated(a, previous, r.readinessScore());
        return new Promotion(a.agentId, previous, a.maturityLevel, a.version, r.readinessScore());
    }

    /** The answer of POST /v1/agents/{id}/promote. */
    public record Promotion(String agentId, String previousLevel, String newLevel, int version, double readinessScore) {
    }
}
