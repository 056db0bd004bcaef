package dev.agentplane.attachments.text;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Keeps each attachment's extracted text beside it; the row goes when the attachment goes. */
@ApplicationScoped
public class TextCache {
    @Inject
    EntityManager em;

    @Transactional
    public Optional<TextExtractor.Result> find(UUID attachmentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select text, truncated from attachment_text where attachment_id = ?1")
                .setParameter(1, attachmentId).getResultList();
        return rows.stream().findFirst().map(r -> new TextExtractor.Result((String) r[0], (Boolean) r[1]));
    }

    @Transactional
    public TextExtractor.Result store(UUID attachmentId, TextExtractor.Result result) {
        // a concurrent extraction of the same file wrote the same text: keep the first; a deleted attachment: skip
        em.createNativeQuery("insert into attachment_text (attachment_id, text, truncated, extracted_at) "
                        + "select ?1, ?2, ?3, ?4 where exists (select 1 from attachment where id = ?1) "
                        + "on conflict do nothing")
                .setParameter(1, attachmentId).setParameter(2, result.text().replace("\u0000", ""))
                .setParameter(3, result.truncated()).setParameter(4, Timestamp.from(Instant.now()))
                .executeUpdate();
        return result;
    }
}
