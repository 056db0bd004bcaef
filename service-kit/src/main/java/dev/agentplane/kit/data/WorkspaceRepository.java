package dev.agentplane.kit.data;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

import java.util.Optional;

/**
 * A Panache repository whose queries are always scoped to one workspace. Entities have a
 * {@code workspaceId} field; another workspace's rows are simply not found (the API answers 404).
 */
public interface WorkspaceRepository<E, ID> extends PanacheRepositoryBase<E, ID> {

    default Optional<E> findInWorkspace(String workspaceId, ID id) {
        return find("id = :id and workspaceId = :workspaceId",
                Parameters.with("id", id).and("workspaceId", workspaceId)).firstResultOptional();
    }

    /** Runs {@code where} (HQL, may be blank) inside the workspace; parameters are named. */
    default PanacheQuery<E> findInWorkspace(String workspaceId, String where, Sort sort, Parameters params) {
        String scoped = where == null || where.isBlank() ? "workspaceId = :workspaceId"
                : "workspaceId = :workspaceId and (" + where + ")";
        return find(scoped, sort, params.and("workspaceId", workspaceId));
    }

    default long deleteInWorkspace(String workspaceId, ID id) {
        return delete("id = :id and workspaceId = :workspaceId",
                Parameters.with("id", id).and("workspaceId", workspaceId));
    }
}
