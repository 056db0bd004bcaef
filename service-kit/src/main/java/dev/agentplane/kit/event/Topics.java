package dev.agentplane.kit.event;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Every Kafka topic of the platform, named after the aggregate whose facts it carries. A prefix
 * ({@code agentplane.topic-prefix}) keeps test runs apart from a platform on the same broker;
 * channel configuration uses the same prefix through {@code ${agentplane.topic-prefix}}.
 */
@ApplicationScoped
public class Topics {
    public static final String AGENT_EVENTS = "agent.events";
    public static final String EXECUTION_EVENTS = "execution.events";
    public static final String EXECUTION_REQUESTS = "execution.requests";
    public static final String SESSION_EVENTS = "session.events";
    public static final String ATTACHMENT_EVENTS = "attachment.events";
    public static final String BILLING_EVENTS = "billing.events";
    /** Documents to ingest (knowledge-service's work items, spread over its replicas by the consumer group). */
    public static final String KNOWLEDGE_REQUESTS = "knowledge.requests";
    /**
     * Facts every service must act on (revoked keys, tier changes), kept apart from billing.events so
     * that no service reads a charge per execution just to find them.
     */
    public static final String BILLING_ACCESS = "billing.access";
    public static final List<String> ALL = List.of(AGENT_EVENTS, EXECUTION_EVENTS, EXECUTION_REQUESTS,
            SESSION_EVENTS, ATTACHMENT_EVENTS, BILLING_EVENTS, BILLING_ACCESS, KNOWLEDGE_REQUESTS);

    @ConfigProperty(name = "agentplane.topic-prefix", defaultValue = "")
    String prefix;

    /** The broker-side name of one of the topics above. */
    public String name(String topic) {
        return prefix + topic;
    }
}
