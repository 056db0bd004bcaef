package dev.agentplane.execution.session;

import dev.agentplane.execution.client.DependencyCall;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/** Reads a session's context before a run and appends the run's messages after it. */
@ApplicationScoped
public class SessionClient {
    private static final String SERVICE = "session service";

    @Inject
    @RestClient
    SessionApi api;
    @Inject
    DependencyCall calls;

    /** 404 SESSION_NOT_FOUND when the workspace has no such session. */
    public SessionContext context(Caller caller, String sessionId, int historyRuns, boolean memories,
                                  String externalUserId) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.context(sessionId, historyRuns, memories,
                externalUserId, auth, calls.requestId()));
        if (answer.status() == 404) {
            throw ApiException.notFound("SESSION_NOT_FOUND", "No session '" + sessionId + "' exists in this workspace.");
        }
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
        return calls.read(answer, SessionContext.class);
    }

    /** Idempotent by execution id: a retried append stores nothing twice. */
    public void appendRun(Caller caller, String sessionId, String executionId, List<RunMessage> messages) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.appendRun(sessionId,
                new SessionApi.AppendRun(executionId, messages), auth, calls.requestId()));
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
        }
    }

    /** Remembers facts about an external user for later runs of this agent. */
    public void remember(Caller caller, String externalUserId, String agentId, List<String> facts) {
        String auth = calls.bearer(caller);
        DependencyCall.Answer answer = calls.call(SERVICE, () -> api.addMemories(
                new SessionApi.AddFacts(externalUserId, agentId, facts), auth, calls.requestId()));
        if (!answer.ok()) {
            throw calls.unexpected(SERVICE, answer);
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
