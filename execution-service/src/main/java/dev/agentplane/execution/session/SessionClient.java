package dev.agentplane.execution.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.client.DependencyCall;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a session's context before a run and appends the run's messages after it. */
@ApplicationScoped
public class SessionClient {
    private static final String SERVICE = "session service";

    @Inject
    @RestClient
    SessionApi api;
    @Inject
    DependencyCall calls;
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
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.context(sessionId, historyRuns, externalUserId,
                auth, calls.requestId()));
        if (answer.status() == 404) {
            throw ApiException.notFound("SESSION_NOT_FOUND", "No session '" + sessionId + "' exists in this workspace.");
        }
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        SessionContext context = calls.read(answer, SessionContext.class);
        cache.put(caller.workspaceId(), sessionId, request, revision, context, answer.body().length());
        return context;
    }

    /**
     * Idempotent by execution id: a retried append stores nothing twice. The answer's revision moves this
     * replica's cached context of the session forward (or drops it).
     */
    public void appendRun(Caller caller, String sessionId, String executionId, List<RunMessage> messages) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer;
        try {
            answer = calls.call(SERVICE, () -> api.appendRun(sessionId,
                    new SessionApi.AppendRun(executionId, messages), auth, calls.requestId()));
        } catch (RuntimeException e) {
            cache.forget(caller.workspaceId(), sessionId);
            throw e;
        }
        if (!answer.ok()) {
            cache.forget(caller.workspaceId(), sessionId);
            throw calls.unexpected(SERVICE, answer);
        }
        moveCacheForward(caller, sessionId, executionId, messages, answer);
    }

    /** A retry that appended nothing, or an answer without a revision, drops the cached context instead. */
    private void moveCacheForward(Caller caller, String sessionId, String executionId, List<RunMessage> messages,
                                  DependencyCall.Answer answer) {
        try {
            JsonNode appended = calls.tree(answer);
            JsonNode ids = appended.path("message_ids");
            JsonNode revision = appended.path("revision");
            JsonNode expiresAt = appended.path("expires_at");
            String now = Instant.now().toString();
            List<SessionContext.HistoryMessage> stored = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                RunMessage m = messages.get(i);
                stored.add(new SessionContext.HistoryMessage(ids.path(i).asText(null), m.role(), m.content(),
                        m.toolCalls(), m.toolCallId(), executionId, now));
            }
            cache.appended(caller.workspaceId(), sessionId,
                    appended.path("appended").asBoolean(false) && revision.isIntegralNumber() ? revision.asLong() : null,
                    expiresAt.isTextual() ? Instant.parse(expiresAt.asText()) : null, stored);
        } catch (RuntimeException e) {
            // the append stands; only the cache cannot follow it
            cache.forget(caller.workspaceId(), sessionId);
        }
    }

    /** The active conversation of this agent and external user, created when there is none. */
    public String openConversation(Caller caller, String agentId, String externalUserId) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.conversation(
                new SessionApi.OpenConversation(agentId, externalUserId), auth, calls.requestId()));
        if (answer.status() == 404) {
            throw ApiException.notFound("AGENT_NOT_FOUND", "No agent '" + agentId + "' exists in this workspace.");
        }
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        return calls.tree(answer).path("id").asText();
    }
}
