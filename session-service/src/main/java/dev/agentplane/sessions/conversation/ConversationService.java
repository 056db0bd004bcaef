package dev.agentplane.sessions.conversation;

import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.sessions.context.ContextRevisions;
import dev.agentplane.sessions.registry.AgentRegistry;
import dev.agentplane.sessions.session.Session;
import dev.agentplane.sessions.session.SessionCreate;
import dev.agentplane.sessions.session.SessionEvents;
import dev.agentplane.sessions.session.SessionFinder;
import dev.agentplane.sessions.session.SessionRepository;
import dev.agentplane.sessions.session.SessionService;
import dev.agentplane.sessions.session.SessionView;
import dev.agentplane.sessions.support.Checks;
import dev.agentplane.sessions.support.Json;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/**
 * Conversations are sessions of kind {@code conversation}: at most one active per agent and external
 * user (a partial unique index), so create-or-resume is race-free across replicas.
 */
@ApplicationScoped
public class ConversationService {
    @Inject
    SessionRepository sessions;
    @Inject
    SessionService sessionService;
    @Inject
    SessionFinder finder;
    @Inject
    SessionEvents events;
    @Inject
    CurrentCaller currentCaller;
    @Inject
    Checks checks;
    @Inject
    Json json;
    @Inject
    ContextRevisions revisions;

    /** The conversation and whether this call created it. */
    public record Outcome(SessionView conversation, boolean created) {
    }

    public Outcome createOrResume(ConversationCreate req) {
        checks.require(req, SessionCreate.checkMaps(req.metadata(), req.variables(), json));
        Caller caller = currentCaller.get();
        if (!caller.mayUseAgent(req.agentId())) {
            throw ApiException.notFound(AgentRegistry.AGENT_NOT_FOUND, "No agent '" + req.agentId() + "' exists in this workspace.");
        }
        Optional<Outcome> existing = active(caller, req);
        if (existing.isPresent()) {
            return existing.get();
        }
        Session s = SessionService.newSession(caller, Session.KIND_CONVERSATION, req.agentId(), req.externalUserId());
        sessionService.pinAgent(s, req.agentId());
        s.title = req.title() != null ? req.title() : s.title;
        s.metadata = json.write(req.metadata() == null || req.metadata().isNull() ? json.mapper().createObjectNode() : req.metadata());
        s.variables = json.write(req.variables() == null || req.variables().isNull() ? json.mapper().createObjectNode() : req.variables());
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                sessions.persist(s);
                sessions.flush();
                events.created(s);
                return new Outcome(SessionView.of(s, json), true);
            });
        } catch (RuntimeException e) {
            // another request created it in the meantime: the unique index said no, so resume that one
            return active(caller, req).orElseThrow(() -> e);
        }
    }

    private Optional<Outcome> active(Caller caller, ConversationCreate req) {
        return QuarkusTransaction.requiringNew().call(() -> sessions
                .activeConversation(caller.workspaceId(), req.agentId(), req.externalUserId())
                .map(s -> new Outcome(SessionView.of(s, json), false)));
    }

    @Transactional
    public SessionView get(String id) {
        return SessionView.of(finder.require(id), json);
    }

    /** Archives the conversation (idempotent); the next create-or-resume starts a new one. */
    @Transactional
    public SessionView archive(String id) {
        Session s = finder.requireForUpdate(id);
        if (!Session.ARCHIVED.equals(s.status)) {
            s.status = Session.ARCHIVED;
            s.touch(Instant.now());
            revisions.bumpAfterCommit(s);
        }
        return SessionView.of(s, json);
    }
}
