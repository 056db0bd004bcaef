package dev.agentplane.execution.secret;

import dev.agentplane.kit.data.WorkspaceRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SecretRepository implements WorkspaceRepository<WorkspaceSecret, String> {

    public WorkspaceSecret require(String workspaceId, String id) {
        return findInWorkspace(workspaceId, id).orElseThrow(() -> SecretErrors.SECRET_NOT_FOUND
                .error("No secret '" + id + "' exists in this workspace."));
    }

    public Optional<WorkspaceSecret> named(String workspaceId, String name) {
        return find("workspaceId = :w and name = :n", Parameters.with("w", workspaceId).and("n", name))
                .firstResultOptional();
    }

    public List<WorkspaceSecret> named(String workspaceId, Collection<String> names) {
        return list("workspaceId = :w and name in :n", Parameters.with("w", workspaceId).and("n", names));
    }
}
