package dev.agentplane.knowledge.document;

import dev.agentplane.knowledge.base.KnowledgeBaseRepository;
import dev.agentplane.knowledge.error.KnowledgeError;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;

/** Documents, always looked up inside one knowledge base of the caller's workspace. */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<KbDocument, UUID> {

    public KbDocument require(String workspaceId, UUID baseId, String id) {
        Optional<UUID> uuid = KnowledgeBaseRepository.parse(id);
        Optional<KbDocument> found = uuid.isEmpty() ? Optional.empty()
                : find("id = :id and knowledgeBaseId = :kb and workspaceId = :ws",
                        Parameters.with("id", uuid.get()).and("kb", baseId).and("ws", workspaceId)).firstResultOptional();
        return found.orElseThrow(() -> KnowledgeError.DOCUMENT_NOT_FOUND.exception(
                        "No document '" + id + "' exists in this knowledge base."));
    }

    public Optional<KbDocument> byHash(UUID baseId, String hash) {
        return find("knowledgeBaseId = ?1 and contentHash = ?2", baseId, hash).firstResultOptional();
    }

    public long countIn(UUID baseId) {
        return count("knowledgeBaseId", baseId);
    }
}
