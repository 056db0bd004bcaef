package dev.agentplane.registry.agent;

import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Version snapshots of one agent in one workspace. */
@ApplicationScoped
public class AgentVersionRepository implements PanacheRepositoryBase<AgentVersionEntity, UUID> {

    public Optional<AgentVersionEntity> find(String workspaceId, String agentId, int version) {
        return find("workspaceId = ?1 and agentId = ?2 and version = ?3", workspaceId, agentId, version)
                .firstResultOptional();
    }

    public <T> Page<T> page(String workspaceId, String agentId, PageRequest page, Function<AgentVersionEntity, T> map) {
        Sort sort = Sort.by("version", "asc".equals(page.order()) ? Sort.Direction.Ascending : Sort.Direction.Descending);
        return Page.of(find("workspaceId = ?1 and agentId = ?2", sort, workspaceId, agentId), page, map);
    }
}
