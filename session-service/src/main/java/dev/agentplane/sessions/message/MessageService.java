package dev.agentplane.sessions.message;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.session.SessionFinder;
import dev.agentplane.sessions.support.Json;
import dev.agentplane.sessions.support.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;

/** Reads a session's messages with cursor pagination (the cursor wraps the message sequence number). */
@ApplicationScoped
public class MessageService {
    @Inject
    EntityManager em;
    @Inject
    SessionFinder finder;
    @Inject
    Json json;

    @Transactional
    public MessageView.MessagePage list(String sessionId, String cursor, Integer limit, String order) {
        finder.require(sessionId);
        int l = limit == null ? 50 : limit;
        if (l < 1 || l > 100) {
            throw ApiException.invalid("limit", "limit must be between 1 and 100");
        }
        boolean desc = "desc".equalsIgnoreCase(order);
        if (order != null && !desc && !"asc".equalsIgnoreCase(order)) {
            throw ApiException.invalid("order", "order must be asc or desc");
        }
        long after = cursor == null || cursor.isBlank() ? (desc ? Long.MAX_VALUE : 0) : decode(cursor);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + MessageView.COLUMNS + " from message "
                        + "where session_id = ?1 and seq " + (desc ? "<" : ">") + " ?2 order by seq "
                        + (desc ? "desc" : "asc") + " limit ?3")
                .setParameter(1, sessionId).setParameter(2, after).setParameter(3, l + 1)
                .getResultList();
        boolean more = rows.size() > l;
        List<Object[]> page = more ? rows.subList(0, l) : rows;
        String next = more ? encode(Rows.longValue(page.get(page.size() - 1)[10])) : null;
        return new MessageView.MessagePage(page.stream().map(r -> MessageView.of(r, json)).toList(), next, more);
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("m:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(raw.substring(2));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "cursor is not one this API gave out");
        }
    }
}
