package dev.agentplane.knowledge.base;

import dev.agentplane.kit.data.WorkspaceRepository;
import dev.agentplane.knowledge.error.KnowledgeError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Knowledge bases, always looked up inside the caller's workspace. */
@ApplicationScoped
public class KnowledgeBaseRepository implements WorkspaceRepository<KnowledgeBase, UUID> {

    /** The base, or 404 KNOWLEDGE_BASE_NOT_FOUND (also for ids that are not UUIDs and other workspaces' bases). */
    public KnowledgeBase require(String workspaceId, String id) {
        Optional<UUID> uuid = parse(id);
        Optional<KnowledgeBase> found = uuid.isEmpty() ? Optional.empty() : findInWorkspace(workspaceId, uuid.get());
        return found.orElseThrow(() -> notFound(id));
    }

    /** The base locked until the transaction ends: serialises document adds (dedupe, limits) and deletes. */
    public KnowledgeBase requireLocked(String workspaceId, String id) {
        KnowledgeBase base = require(workspaceId, id);
        getEntityManager().lock(base, LockModeType.PESSIMISTIC_WRITE);
        return base;
    }

    /** The bases among these ids that exist in the workspace. */
    public List<KnowledgeBase> findAll(String workspaceId, Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("workspaceId = ?1 and id in ?2", workspaceId, ids);
    }

    public boolean nameTaken(String workspaceId, String name, UUID except) {
        return count("workspaceId = ?1 and name = ?2 and id <> ?3", workspaceId, name,
                except == null ? new UUID(0, 0) : except) > 0;
    }

    /** Marks the searchable chunks of the base as changed (search caches vectors per revision). */
    public void bumpRevision(UUID id) {
        update("revision = revision + 1 where id = ?1", id);
    }

    public static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public static dev.agentplane.kit.error.ApiException notFound(String id) {
        return KnowledgeError.KNOWLEDGE_BASE_NOT_FOUND.exception(
                "No knowledge base '" + id + "' exists in this workspace.");
    }
}
