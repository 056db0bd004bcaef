package dev.agentplane.execution.webhook;

import dev.agentplane.kit.data.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class SubscriptionRepository implements WorkspaceRepository<WebhookSubscription, String> {

    public WebhookSubscription require(String workspaceId, String id) {
        return findInWorkspace(workspaceId, id)
                .orElseThrow(() -> WebhookErrors.WEBHOOK_NOT_FOUND.error("No webhook '" + id + "' exists in this workspace."));
    }

    /** The enabled subscriptions of a workspace that want this event type. */
    public List<WebhookSubscription> receivers(String workspaceId, String type) {
        return list("workspaceId = ?1 and enabled = true", workspaceId).stream().filter(s -> s.wants(type)).toList();
    }
}
