package dev.agentplane.sessions.feedback;

import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.session.Session;
import dev.agentplane.sessions.session.SessionEvents;
import dev.agentplane.sessions.session.SessionFinder;
import dev.agentplane.sessions.support.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Thumbs up/down on assistant messages; each change emits one {@code feedback.recorded}. */
@ApplicationScoped
public class FeedbackService {
    public static final String FEEDBACK_RECORDED = "feedback.recorded";
    public static final String MESSAGE_NOT_FOUND = "MESSAGE_NOT_FOUND";

    @Inject
    EntityManager em;
    @Inject
    SessionFinder finder;
    @Inject
    SessionEvents events;

    @Transactional
    public FeedbackRecords.Recorded record(String sessionId, String messageId, int value) {
        Session s = finder.require(sessionId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select role, execution_id, feedback from message "
                        + "where id = ?1 and session_id = ?2 for update")
                .setParameter(1, messageId).setParameter(2, sessionId).getResultList();
        if (rows.isEmpty()) {
            throw ApiException.notFound(MESSAGE_NOT_FOUND, "No message '" + messageId + "' exists in this conversation.");
        }
        Object[] row = rows.get(0);
        if (!"assistant".equals(row[0])) {
            throw ApiException.invalid("message_id", "Feedback can only be given on assistant messages.");
        }
        Integer previous = Rows.integer(row[2]);
        if (previous != null && previous == value) {
            return new FeedbackRecords.Recorded(sessionId, messageId, value, previous, false);
        }
        em.createNativeQuery("update message set feedback = ?1 where id = ?2")
                .setParameter(1, (short) value).setParameter(2, messageId).executeUpdate();
        events.publish(s, FEEDBACK_RECORDED, new FeedbackRecords.FeedbackEvent(sessionId, messageId,
                (String) row[1], s.agentId, value, previous));
        return new FeedbackRecords.Recorded(sessionId, messageId, value, previous, true);
    }
}
