package dev.agentplane.sessions.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.sessions.context.ContextRevisions;
import dev.agentplane.sessions.registry.AgentRegistry;
import dev.agentplane.sessions.support.Checks;
import dev.agentplane.sessions.support.Ids;
import dev.agentplane.sessions.support.Json;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates, lists, changes and deletes sessions. */
@ApplicationScoped
public class SessionService {
    @Inject
    SessionRepository sessions;
    @Inject
    SessionFinder finder;
    @Inject
    SessionEvents events;
    @Inject
    AgentRegistry registry;
    @Inject
    CurrentCaller currentCaller;
    @Inject
    Checks checks;
    @Inject
    Json json;
    @Inject
    ContextRevisions revisions;

    /** Resolves the agent (or validates the inline config) first, then stores in its own transaction. */
    public SessionView create(JsonNode body) {
        SessionCreate req = SessionCreate.parse(body, json);
        checks.require(req, SessionCreate.checkMaps(req.metadata(), req.variables(), json));
        Caller caller = currentCaller.get();
        Session s = newSession(caller, Session.KIND_SESSION, req.agentId(), req.externalUserId());
        if (req.agentId() != null) {
            pinAgent(s, req.agentId());
        } else {
            registry.requireValid(req.config());
            s.agentConfig = json.write(req.config());
            s.title = req.config().path("name").isTextual() ? req.config().path("name").asText() : null;
        }
        s.title = truncate(req.title() != null ? req.title() : s.title);
        s.metadata = json.write(orEmpty(req.metadata()));
        s.variables = json.write(withoutNulls(req.variables()));
        s.ttlSeconds = req.ttlSeconds();
        s.touch(s.createdAt);
        return QuarkusTransaction.requiringNew().call(() -> {
            sessions.persist(s);
            events.created(s);
            return SessionView.of(s, json);
        });
    }

    public Page<SessionView> list(PageRequest page, SessionFilter filter) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        filter.apply(where, params);
        var query = sessions.findInWorkspace(currentCaller.workspaceId(), String.join(" and ", where),
                page.toSort(SessionFilter::property), params);
        return Page.of(query, page, s -> SessionView.of(s, json));
    }

    @Transactional
    public SessionView get(String id) {
        return SessionView.of(finder.require(id), json);
    }

    @Transactional
    public SessionView.Status status(String id) {
        return SessionView.Status.of(finder.require(id));
    }

    @Transactional
    public SessionView patch(String id, SessionPatch patch) {
        checks.require(patch, SessionCreate.checkMaps(patch.metadata(), patch.variables(), json));
        Session s = finder.requireForUpdate(id);
        if (patch.title() != null) {
            s.title = patch.title();
        }
        if (patch.metadata() != null && !patch.metadata().isNull()) {
            s.metadata = json.write(patch.metadata());
        }
        if (patch.variables() != null && patch.variables().isObject()) {
            ObjectNode merged = (ObjectNode) json.read(s.variables);
            patch.variables().fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    merged.remove(e.getKey());
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            s.variables = json.write(merged);
        }
        if (patch.ttlSeconds() != null) {
            s.ttlSeconds = patch.ttlSeconds();
        }
        s.touch(Instant.now());
        revisions.bumpAfterCommit(s);
        return SessionView.of(s, json);
    }

    /** Deletes the session; its runs and messages go with it (ON DELETE CASCADE). */
    @Transactional
    public void delete(String id) {
        Session s = finder.requireForUpdate(id);
        events.deleted(s, "deleted");
        sessions.delete(s);
        revisions.bumpAfterCommit(s);
    }

    /** Pins the agent's current version; 404 AGENT_NOT_FOUND when the registry does not know it. */
    public void pinAgent(Session s, String agentId) {
        JsonNode agent = registry.agent(agentId);
        s.agentVersion = agent.path("version").isInt() ? agent.path("version").asInt() : null;
        s.title = agent.path("name").isTextual() ? agent.path("name").asText() : null;
    }

    public static Session newSession(Caller caller, String kind, String agentId, String externalUserId) {
        Session s = new Session();
        s.id = Ids.session();
        s.workspaceId = caller.workspaceId();
        s.tenantId = caller.tenantId();
        s.kind = kind;
        s.status = Session.ACTIVE;
        s.agentId = agentId;
        s.externalUserId = externalUserId;
        s.metadata = "{}";
        s.variables = "{}";
        s.createdAt = Instant.now();
        s.updatedAt = s.createdAt;
        return s;
    }

    JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() ? json.mapper().createObjectNode() : node;
    }

    JsonNode withoutNulls(JsonNode variables) {
        ObjectNode out = json.mapper().createObjectNode();
        if (variables != null && variables.isObject()) {
            variables.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        return out;
    }

    private static String truncate(String title) {
        return title == null || title.length() <= 200 ? title : title.substring(0, 200);
    }
}
