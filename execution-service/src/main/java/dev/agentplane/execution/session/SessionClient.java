package dev.agentplane.execution.session;

import dev.agentplane.execution.client.DependencyErrors;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads a session's context before a run and appends the run's messages after it. */
@ApplicationScoped
public class SessionClient {

    @Inject
    @RestClient
    SessionApi api;
    @Inject
    ContextCache cache;

    /**
     * 404 SESSION_NOT_FOUND when the workspace has no such session. With the revision the session lock
     * read, a context this replica holds under that revision is answered without a call.
     */
    public SessionContext context(Caller caller, String sessionId, int historyRuns, String externalUserId,
                                  Long revision) {
        ContextCache.Request request = new ContextCache.Request(historyRuns, externalUserId);
        Optional<SessionContext> cached = cache.get(caller, sessionId, request, revision);
        if (cached.isPresent()) {
            return cached.get();
        }
        SessionContext context;
        try {
            context = api.context(caller, sessionId, historyRuns, externalUserId);
        } catch (DependencyErrors.Refused e) {
            if (e.refusedWith() == 404) {
                throw ApiException.notFound("SESSION_NOT_FOUND", "No session '" + sessionId + "' exists in this workspace.");
            }
            throw e;
        }
        cache.put(caller.workspaceId(), sessionId, request, revision, context, ContextCache.sizeOf(context));
        return context;
    }

    /**
     * Seed 000's session-level variables: a session execute's {@code inputs} become the session's variables, so that
     * later requests find them without sending them again. Only values that differ from the context's are sent (a
     * client that repeats the same inputs every turn costs no call); the change moves the session's revision, so
     * this replica's cached context is dropped.
     */
    public void saveInputs(Caller caller, String sessionId, SessionContext context, Map<String, Object> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            return;
        }
        Map<String, Object> known = context == null ? Map.of() : context.variablesOrEmpty();
        Map<String, Object> changed = new LinkedHashMap<>();
        inputs.forEach((name, value) -> {
            if (value != null && !Objects.equals(known.get(name), value)) {
                changed.put(name, value);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        cache.forget(caller.workspaceId(), sessionId);
        api.saveVariables(caller, sessionId, new SessionApi.VariablesPatch(changed));
    }

    /**
     * Idempotent by execution id: a retried append stores nothing twice. The answer's revision moves this
     * replica's cached context of the session forward (or drops it).
     */
    public void appendRun(Caller caller, String sessionId, String executionId, List<RunMessage> messages) {
        SessionApi.Appended appended;
        try {
            appended = api.appendRun(caller, sessionId, new SessionApi.AppendRun(executionId, messages));
        } catch (RuntimeException e) {
            cache.forget(caller.workspaceId(), sessionId);
            throw e;
        }
        moveCacheForward(caller, sessionId, executionId, messages, appended);
    }

    /** A retry that appended nothing, or an answer without a revision, drops the cached context instead. */
    private void moveCacheForward(Caller caller, String sessionId, String executionId, List<RunMessage> messages,
                                  SessionApi.Appended appended) {
        List<String> ids = appended.messageIds() == null ? List.of() : appended.messageIds();
        String now = Instant.now().toString();
        List<SessionContext.HistoryMessage> stored = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            RunMessage m = messages.get(i);
            stored.add(new SessionContext.HistoryMessage(i < ids.size() ? ids.get(i) : null, m.role(), m.content(),
                    m.toolCalls(), m.toolCallId(), executionId, now));
        }
        cache.appended(caller.workspaceId(), sessionId, appended.appended() ? appended.revision() : null,
                appended.expiresAt(), stored);
    }

    /** The active conversation of this agent and external user, created when there is none. */
    public String openConversation(Caller caller, String agentId, String externalUserId) {
        try {
            return api.conversation(caller, new SessionApi.OpenConversation(agentId, externalUserId)).id();
        } catch (DependencyErrors.Refused e) {
            if (e.refusedWith() == 404) {
                throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "' exists in this workspace.");
            }
            throw e;
        }
    }
}
