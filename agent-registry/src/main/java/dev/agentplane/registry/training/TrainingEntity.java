package dev.agentplane.registry.training;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Running totals of one agent's executions and feedback; "at level" counters restart at each promotion. */
@Entity
@Table(name = "agent_training")
public class TrainingEntity extends PanacheEntityBase {
    @Id
    public UUID key;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "agent_id")
    public String agentId;
    public long executions;
    public long successes;
    public long failures;
    public long cancellations;
    @Column(name = "executions_at_level")
    public long executionsAtLevel;
    @Column(name = "successes_at_level")
    public long successesAtLevel;
    @Column(name = "positive_feedback")
    public long positiveFeedback;
    @Column(name = "negative_feedback")
    public long negativeFeedback;
    @Column(name = "total_tokens")
    public long totalTokens;
    @Column(name = "total_latency_ms")
    public long totalLatencyMs;
    @Column(name = "total_cost")
    public BigDecimal totalCost = BigDecimal.ZERO;
    @Column(name = "last_execution_id")
    public String lastExecutionId;
    @Column(name = "last_execution_at")
    public Instant lastExecutionAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static TrainingEntity empty(String workspaceId, String agentId) {
        TrainingEntity t = new TrainingEntity();
        t.key = UUID.randomUUID();
        t.workspaceId = workspaceId;
        t.agentId = agentId;
        t.updatedAt = Instant.now();
        return t;
    }
}
