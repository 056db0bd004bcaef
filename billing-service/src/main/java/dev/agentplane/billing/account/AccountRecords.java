package dev.agentplane.billing.account;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Request and response bodies of the operator's account endpoints. */
public final class AccountRecords {
    private AccountRecords() {
    }

    public record CreateTenant(@NotBlank @Size(max = 200) String name) {
    }

    public record TenantView(String id, String name, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id, t.name, t.createdAt);
        }
    }

    public record CreateWorkspace(@NotBlank @Size(max = 200) String name,
                                  @Size(max = 40) @Pattern(regexp = "[a-z0-9_-]+") String tier) {
    }

    /** A tier change; per_minute/per_day set custom limits (-1: unlimited), absent: the tier's own. */
    public record ChangeTier(@NotBlank @Size(max = 40) String tier, @Min(-1) Long perMinute, @Min(-1) Long perDay) {
    }

    public record Limits(long perMinute, long perDay) {
    }

    public record WorkspaceView(String id, String tenantId, String name, String tier, Limits limits, Instant createdAt) {
    }

    public record TierView(String name, long perMinute, long perDay, int maxAgents, String description) {
        static TierView of(Tier t) {
            return new TierView(t.name, t.perMinute, t.perDay, t.maxAgents, t.description);
        }
    }

    /** What the registry enforces for a workspace: its tier's agent limit (negative: unlimited). */
    public record AgentLimits(String workspaceId, String tier, int maxAgents) {
    }

    /** The data of the workspace.tier-changed event. */
    public record TierChanged(String workspaceId, String tier, long perMinute, long perDay) {
    }
}
