package dev.agentplane.execution.provider;

import dev.agentplane.kit.data.WorkspaceRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class CredentialRepository implements WorkspaceRepository<ProviderCredential, String> {

    public ProviderCredential require(String workspaceId, String id) {
        return findInWorkspace(workspaceId, id).orElseThrow(() -> ProviderErrors.PROVIDER_CREDENTIAL_NOT_FOUND
                .error("No provider credential '" + id + "' exists in this workspace."));
    }

    public Optional<ProviderCredential> named(String workspaceId, String name) {
        return find("workspaceId = :w and name = :n", Parameters.with("w", workspaceId).and("n", name))
                .firstResultOptional();
    }
}
