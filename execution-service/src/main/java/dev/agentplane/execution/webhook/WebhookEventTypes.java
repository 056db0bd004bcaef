package dev.agentplane.execution.webhook;

import java.util.List;

/** The event types a subscription may name: only those the platform emits today. */
public final class WebhookEventTypes {
    public static final String ALL = "*";
    public static final String AGENT_EXECUTED = "agent.executed";
    public static final String EXECUTION_FAILED = "execution.failed";
    /** A run waits on its pending actions (client tools, approvals, an external event); execution.suspended on Kafka. */
    public static final String EXECUTION_AWAITING_ACTION = "execution.awaiting_action";
    public static final String AGENT_CREATED = "agent.created";
    public static final String AGENT_UPDATED = "agent.updated";
    public static final String AGENT_DELETED = "agent.deleted";
    public static final String AGENT_GRADUATED = "agent.graduated";
    /** billing's: a charge took the workspace's balance under its low-balance threshold (PUT /v1/credits/low-balance-alert). */
    public static final String CREDITS_LOW = "credits.low";
    /** Sent by {@code POST /v1/webhooks/{id}/test} whatever the subscription names. */
    public static final String TEST = "webhook.test";

    public static final List<String> SUBSCRIBABLE = List.of(ALL, AGENT_EXECUTED, EXECUTION_FAILED,
            EXECUTION_AWAITING_ACTION, AGENT_CREATED,
            AGENT_UPDATED, AGENT_DELETED, AGENT_GRADUATED, CREDITS_LOW);

    private WebhookEventTypes() {
    }
}
