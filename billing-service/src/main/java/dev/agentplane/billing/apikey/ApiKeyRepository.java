package dev.agentplane.billing.apikey;

import dev.agentplane.kit.data.WorkspaceRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** API keys, always looked up inside one workspace (except by hash, for verification). */
@ApplicationScoped
public class ApiKeyRepository implements WorkspaceRepository<ApiKey, String> {
}
