package dev.agentplane.execution.execution;

import dev.agentplane.kit.config.InstanceId;
import dev.agentplane.kit.event.EventPublisher;
import dev.agentplane.kit.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every status change of an execution, each in one transaction with its events (outbox). Finishing
 * and cancelling lock the row and change only an active execution, so a cancel racing a completion
 * ends in exactly one terminal status.
 */
@ApplicationScoped
public class ExecutionStore {
    @Inject
    ExecutionRepository repository;
    @Inject
    EventPublisher events;
    @Inject
    ExecutionViews views;
    @Inject
    EntityManager em;
    @Inject
    PendingActions pendingActions;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;
    /** This process's name, written on the executions it runs (recovery/Replica beats under it). */
    @ConfigProperty(name = InstanceId.KEY)
    String replicaId;

    /**
     * A new execution, running now (sync, stream, batch item). Its rows are written first, then
     * {@code beforeCommit} runs (waiting for a call made meanwhile); when that throws, nothing is committed.
     */
    @Transactional
    public void createRunning(ExecutionEntity e, Runnable beforeCommit) {
        e.status = ExecutionStatus.IN_PROGRESS.wire();
        e.startedAt = e.createdAt;
        e.runner = replicaId;
        repository.persist(e);
        events.publishAll(List.of(lifecycle(e, ExecutionEvents.STARTED)));
        repository.flush();
        beforeCommit.run();
    }

    /** A new async execution and its work item on execution.requests, committed together. */
    @Transactional
    public void createQueued(ExecutionEntity e, Object workItem) {
        e.status = ExecutionStatus.PENDING.wire();
        repository.persist(e);
        events.publish(Topics.EXECUTION_REQUESTS, e.id, "execution.requested", e.tenantId, e.workspaceId, e.id,
                workItem);
    }

    /** pending → in_progress; false when it was cancelled (or already taken) meanwhile. */
    @Transactional
    public boolean start(String id) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !ExecutionStatus.PENDING.wire().equals(e.status)) {
            return false;
        }
        e.status = ExecutionStatus.IN_PROGRESS.wire();
        e.startedAt = Instant.now();
        e.runner = replicaId;
        events.publishAll(List.of(lifecycle(e, ExecutionEvents.STARTED)));
        return true;
    }

    /**
     * in_progress → completed, and the execution as it now is; empty when it was cancelled meanwhile
     * (nothing is changed then). The row is changed and read back with one statement, which only changes an
     * active execution: a cancel that locked it first wins, and this one then finds nothing. A run in a
     * session whose history is not stored yet keeps its messages in {@code pending_history}, written by the
     * same statement (see session/PendingHistory).
     */
    @Transactional
    public Optional<ExecutionView> complete(String id, Completion c) {
        @SuppressWarnings("unchecked")
        List<ExecutionEntity> completed = em.createNativeQuery(COMPLETE, ExecutionEntity.class)
                .setParameter(1, c.text())
                .setParameter(2, c.parsedOutputJson())
                .setParameter(3, c.messagesJson())
                .setParameter(4, c.inputTokens())
                .setParameter(5, c.outputTokens())
                .setParameter(6, c.cost())
                .setParameter(7, c.eventCount())
                .setParameter(8, System.currentTimeMillis())
                .setParameter(9, id)
                .setParameter(10, c.pendingHistoryJson())
                .setParameter(11, c.stepsJson())
                .getResultList();
        if (completed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(announce(completed.get(0), ExecutionEvents.COMPLETED));
    }

    private static final String COMPLETE = "with done as (update execution set status = '" + ExecutionStatus.COMPLETED.wire()
            + "', output_text = ?1, parsed_output = ?2, messages_json = ?3, input_tokens = ?4, output_tokens = ?5, "
            + "cost = ?6, event_count = ?7, completed_at = to_timestamp(?8 / 1000.0), steps_json = ?11, "
            + "latency_ms = coalesce(?8 - floor(extract(epoch from started_at) * 1000)::bigint, 0) "
            + "where id = ?9 and status in (" + ExecutionStatus.ACTIVE.stream().map(s -> "'" + s + "'")
            .collect(Collectors.joining(", ")) + ") returning *), "
            + "kept as (insert into pending_history (execution_id, workspace_id, tenant_id, session_id, messages, created_at) "
            + "select id, workspace_id, tenant_id, session_id, cast(?10 as text), now() from done "
            + "where session_id is not null and cast(?10 as text) is not null) "
            + "select * from done";

    /** A run's hold drawn from a lease grew (agent.executed reports the whole hold, which billing settles). */
    @Transactional
    public void holdGrown(String id, long holdAmount) {
        em.createNativeQuery("update execution set hold_amount = ?1 where id = ?2")
                .setParameter(1, holdAmount).setParameter(2, id).executeUpdate();
    }

    /** The run's hold is now its own in billing, no longer drawn from a lease (agent.executed settles it so). */
    @Transactional
    public void heldAlone(String id, long holdAmount) {
        em.createNativeQuery("update execution set lease_id = null, hold_amount = ?1 where id = ?2")
                .setParameter(1, holdAmount).setParameter(2, id).executeUpdate();
    }

    /** An execution's status, if it exists (a session's holder: running, suspended, or ended and storing its history). */
    @Transactional
    public Optional<String> statusOf(String id) {
        return Optional.ofNullable(repository.findById(id)).map(e -> e.status);
    }

    /** Any active status → failed, and the execution as it now is; empty when it had already ended. */
    @Transactional
    public Optional<ExecutionView> fail(String id, String code, String message, int eventCount) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !ExecutionStatus.isActive(e.status)) {
            return Optional.empty();
        }
        e.status = ExecutionStatus.FAILED.wire();
        e.errorCode = code;
        e.errorMessage = message;
        return Optional.of(finish(e, eventCount, ExecutionEvents.FAILED));
    }

    /**
     * Any active status → failed, keeping what the run produced before the engine stopped it (step limit,
     * budget, credits) and the cost of its finished model calls, which billing charges from agent.executed.
     */
    @Transactional
    public Optional<ExecutionView> stop(String id, String code, String message, Completion c) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !ExecutionStatus.isActive(e.status)) {
            return Optional.empty();
        }
        e.status = ExecutionStatus.FAILED.wire();
        e.errorCode = code;
        e.errorMessage = message;
        e.outputText = c.text();
        e.parsedOutput = c.parsedOutputJson();
        e.messagesJson = c.messagesJson();
        e.inputTokens = c.inputTokens();
        e.outputTokens = c.outputTokens();
        e.cost = c.cost();
        e.stepsJson = c.stepsJson();
        return Optional.of(finish(e, c.eventCount(), ExecutionEvents.FAILED));
    }

    /**
     * in_progress → awaiting_client_tool: the run waits for the client's results of these actions, which are
     * recorded with it; {@code execution.suspended} carries them. Empty when it ended meanwhile (a cancel).
     */
    @Transactional
    public Optional<ExecutionView> suspend(String id, String status, List<PendingAction> actions, int inputTokens,
                                           int outputTokens, int eventCount) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !ExecutionStatus.IN_PROGRESS.wire().equals(e.status)) {
            return Optional.empty();
        }
        e.status = status;
        e.version++;
        e.inputTokens = inputTokens;
        e.outputTokens = outputTokens;
        e.eventCount = eventCount;
        e.pendingActions = json(actions);
        pendingActions.insert(id, e.workspaceId, actions);
        ExecutionView view = views.of(e);
        events.publishAll(List.of(event(e, ExecutionEvents.SUSPENDED, new ExecutionEvents.Suspended(e.id, e.agentId,
                e.agentVersion, e.sessionId, e.status, e.mode, actions))));
        return Optional.of(view);
    }

    /**
     * A suspended run in this workspace, locked for its answers (the caller's transaction): the row, or empty when
     * the workspace has no such execution.
     */
    public Optional<ExecutionEntity> lockInWorkspace(String workspaceId, String id) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        return e == null || !e.workspaceId.equals(workspaceId) ? Optional.empty() : Optional.of(e);
    }

    /** awaiting_client_tool | awaiting_approval → in_progress on this replica (the caller's transaction, locked row). */
    public void resumed(ExecutionEntity e) {
        e.status = ExecutionStatus.IN_PROGRESS.wire();
        e.version++;
        e.runner = replicaId;
        e.pendingActions = null;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Any active status → cancelled. Empty when the workspace has no such execution. */
    @Transactional
    public Optional<Cancel> cancel(String workspaceId, String id) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !e.workspaceId.equals(workspaceId)) {
            return Optional.empty();
        }
        String before = e.status;
        if (ExecutionStatus.isActive(before)) {
            e.status = ExecutionStatus.CANCELLED.wire();
            e.errorCode = "EXECUTION_CANCELLED";
            e.errorMessage = "The execution was cancelled.";
            return Optional.of(new Cancel(before, finish(e, e.eventCount + 1, ExecutionEvents.CANCELLED),
                    e.leaseId != null));
        }
        return Optional.of(new Cancel(before, views.of(e), e.leaseId != null));
    }

    @Transactional
    public Optional<ExecutionView> find(String workspaceId, String id) {
        return repository.findInWorkspace(workspaceId, id).map(views::of);
    }

    /**
     * A suspended run called off by its answers (every approval rejected; an action expired with on_expiry cancel):
     * cancelled with {@code message}, which is its output too (seed 004 answers it as the content). Empty when it is
     * no longer suspended.
     */
    @Transactional
    public Optional<ExecutionView> cancelSuspended(String id, String message, long eventCount) {
        ExecutionEntity e = repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || !ExecutionStatus.isSuspended(e.status)) {
            return Optional.empty();
        }
        e.status = ExecutionStatus.CANCELLED.wire();
        e.errorCode = "EXECUTION_CANCELLED";
        e.errorMessage = message;
        e.outputText = message;
        e.pendingActions = null;
        pendingActions.close(id);
        return Optional.of(finish(e, (int) eventCount, ExecutionEvents.CANCELLED));
    }

    /** The end of a run and its events. */
    private ExecutionView finish(ExecutionEntity e, int eventCount, String type) {
        e.version++;
        e.completedAt = Instant.now();
        e.latencyMs = e.startedAt == null ? 0L : e.completedAt.toEpochMilli() - e.startedAt.toEpochMilli();
        e.eventCount = eventCount;
        return announce(e, type);
    }

    /** The events of an ended run, the lifecycle one and agent.executed, written with one statement. */
    private ExecutionView announce(ExecutionEntity e, String type) {
        ExecutionView view = views.of(e);
        events.publishAll(List.of(lifecycle(e, type), event(e, ExecutionEvents.AGENT_EXECUTED,
                new ExecutionEvents.AgentExecuted(e.agentId, e.agentVersion, e.id, e.sessionId, e.status,
                        new ExecutionEvents.Result(e.outputText, view.output() == null ? null : view.output().parsedOutput()), e.model,
                        view.usage(), e.cost, e.latencyMs, view.error(), e.leaseId, e.holdAmount))));
        return view;
    }

    private static EventPublisher.Outgoing lifecycle(ExecutionEntity e, String type) {
        ExecutionView.Error error = e.errorCode == null ? null : new ExecutionView.Error(e.errorCode, e.errorMessage);
        return event(e, type, new ExecutionEvents.Lifecycle(e.id, e.agentId, e.agentVersion, e.sessionId, e.status,
                e.mode, error));
    }

    private static EventPublisher.Outgoing event(ExecutionEntity e, String type, Object data) {
        return new EventPublisher.Outgoing(Topics.EXECUTION_EVENTS, e.id, type, e.tenantId, e.workspaceId, e.id, data);
    }

    /**
     * What a successful run leaves behind; {@code pendingHistoryJson}: the messages its session has still to
     * store (null when it has them, or the run has no session).
     */
    public record Completion(String text, String parsedOutputJson, String messagesJson, int inputTokens,
                             int outputTokens, long cost, int eventCount, String pendingHistoryJson, String stepsJson) {
    }

    /**
     * The status before a cancel and the execution after it; {@code leased}: its hold came from a lease
     * and billing releases it from agent.executed.
     */
    public record Cancel(String statusBefore, ExecutionView execution, boolean leased) {
    }
}
