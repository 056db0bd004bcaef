package dev.agentplane.attachments.attachment;

import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The workspace's attachment list with filters and paging. */
@ApplicationScoped
public class AttachmentQueries {
    public static final List<String> SORTABLE = List.of("created_at", "size", "filename");
    private static final Map<String, String> PROPERTIES = Map.of("created_at", "createdAt", "size", "size",
            "filename", "filename");

    @Inject
    AttachmentRepository repository;
    @Inject
    AttachmentService attachments;

    @Transactional
    public Page<AttachmentView> list(String workspaceId, PageRequest page, String contentType, String purpose) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (contentType != null && !contentType.isBlank()) {
            where.add("contentType = :contentType");
            params = params.and("contentType", contentType);
        }
        if (purpose != null && !purpose.isBlank()) {
            where.add("purpose = :purpose");
            params = params.and("purpose", purpose);
        }
        return Page.of(repository.findInWorkspace(workspaceId, String.join(" and ", where),
                page.toSort(PROPERTIES::get), params), page, attachments::view);
    }
}
