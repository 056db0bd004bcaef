package dev.agentplane.execution.execution;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One execution of an agent: what it ran, where it stands, what it produced and cost. */
@Entity
@Table(name = "execution")
public class ExecutionEntity extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "agent_version")
    public Integer agentVersion;
    @Column(name = "session_id")
    public String sessionId;
    @Column(name = "batch_id")
    public String batchId;
    public String status;
    public String mode;
    public String model;
    @Column(name = "output_text")
    public String outputText;
    @Column(name = "parsed_output")
    public String parsedOutput;
    @Column(name = "messages_json")
    public String messagesJson;
    /** The run's node path and steps: {"path": [...], "steps": [...]}. */
    @Column(name = "steps_json")
    public String stepsJson;
    /** What a suspended run waits on (JSON of PendingAction); null otherwise. */
    @Column(name = "pending_actions")
    public String pendingActions;
    /** Moves with every status change and every answer of a pending action (If-Match on answers). */
    public int version = 1;
    @Column(name = "input_tokens")
    public int inputTokens;
    @Column(name = "output_tokens")
    public int outputTokens;
    public long cost;
    @Column(name = "latency_ms")
    public Long latencyMs;
    @Column(name = "event_count")
    public int eventCount;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "correlation_id")
    public String correlationId;
    /** The credit lease this execution's hold was drawn from, and the hold; null when billing holds it alone. */
    @Column(name = "lease_id")
    public String leaseId;
    @Column(name = "hold_amount")
    public Long holdAmount;
    /** The replica running it (recovery/Replica); null in rows older than the column. */
    public String runner;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
