package dev.agentplane.execution.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One endpoint of a workspace and the event types it receives. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "workspace_id")
    public String workspaceId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String url;
    public String events;
    public String description;
    public boolean enabled;
    @Column(name = "disabled_reason")
    public String disabledReason;
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_until")
    public Instant previousUntil;
    @Column(name = "failure_streak")
    public int failureStreak;
    @Column(name = "failing_since")
    public Instant failingSince;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public List<String> eventList() {
        return Arrays.asList(events.split(","));
    }

    public void eventList(List<String> types) {
        events = String.join(",", types);
    }

    public boolean wants(String type) {
        List<String> list = eventList();
        return list.contains(type) || list.contains(WebhookEventTypes.ALL);
    }

    /** The secrets that sign now: the current one, and the rotated-out one during its overlap. */
    public List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && previousUntil != null && previousUntil.isAfter(now)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }
}
