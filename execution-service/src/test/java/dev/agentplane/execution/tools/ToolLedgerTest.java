package dev.agentplane.execution.tools;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.execution.support.ToolServersResource;
import dev.agentplane.execution.support.WireMockResource;
import dev.agentplane.execution.tools.ledger.LedgerEntry;
import dev.agentplane.execution.tools.ledger.ToolInDoubtException;
import dev.agentplane.execution.tools.ledger.ToolLedger;
import dev.agentplane.kit.auth.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every call recorded exactly once: replayed when asked again, in doubt when a crash interrupted it. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(ToolServersResource.class)
class ToolLedgerTest {
    @Inject
    Tools tools;
    @Inject
    ToolLedger ledger;
    @Inject
    EntityManager em;

    private final String workspace = "ws_" + UUID.randomUUID();
    private final ToolContext context = new ToolContext(
            new Caller("u1", "t1", workspace, Set.of(), "team", Set.of(), null),
            "exe_" + UUID.randomUUID(), "agent-1", "writer", 1);

    private WireMock server() {
        return new WireMock("127.0.0.1", ToolServersResource.http.port());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + ToolServersResource.http.port() + path;
    }

    /** What a crash leaves: the row written before the call ran, never finished. */
    private void interrupted(String callId, String toolkit, String method, String arguments) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into tool_call (execution_id, "
                        + "call_key, tool_call_id, step, workspace_id, agent_id, toolkit, method, arguments, args_hash, state, "
                        + "started_at) values (?1, 's1:' || ?2, ?2, 1, ?3, 'agent-1', ?4, ?5, ?6, "
                        + "encode(sha256(convert_to(?6, 'UTF8')), 'hex'), 'running', now())")
                .setParameter(1, context.executionId()).setParameter(2, callId).setParameter(3, workspace)
                .setParameter(4, toolkit).setParameter(5, method).setParameter(6, arguments).executeUpdate());
    }

    @Test
    void aFinishedNonIdempotentCallIsReplayedNotRunAgain() {
        String path = "/orders-" + UUID.randomUUID();
        server().register(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(201).withBody("created")));
        ToolCall call = new ToolCall("call_1", "http_request", "{\"url\": \"" + url(path) + "\", \"method\": \"POST\", \"body\": \"x\"}");
        ToolResult first = tools.run(context, call);
        ToolResult again = tools.run(context, call);
        assertFalse(first.error(), first.content());
        assertEquals(first, again);
        server().verifyThat(1, postRequestedFor(urlPathEqualTo(path)));

        List<LedgerEntry> calls = ledger.calls(workspace, context.executionId());
        assertEquals(1, calls.size());
        LedgerEntry entry = calls.get(0);
        assertEquals("done", entry.state());
        assertEquals("builtin", entry.toolkit());
        assertEquals("http_request", entry.method());
        assertEquals("writer", entry.node());
        assertEquals(1, entry.attempts());
        assertEquals(call.arguments(), entry.arguments());
        assertTrue(entry.result().contains("created"));
        assertNotNull(entry.durationMs());
        assertNotNull(entry.finishedAt());
        assertTrue(ledger.calls("ws_other", context.executionId()).isEmpty(), "another workspace sees nothing");
    }

    @Test
    void aFailedCallIsReplayedAsTheSameError() {
        ToolCall call = new ToolCall("call_2", "calculator", "{\"expression\": \"1/0\"}");
        ToolResult first = tools.run(context, call);
        assertTrue(first.error());
        assertEquals(first, tools.run(context, call));
        assertEquals("failed", ledger.calls(workspace, context.executionId()).get(0).state());
    }

    @Test
    void aCallInDoubtRunsAgainOnlyWhenAPersonApprovesItAndThenOnce() {
        String path = "/pay-" + UUID.randomUUID();
        server().register(post(urlPathEqualTo(path)).willReturn(ok("paid")));
        String arguments = "{\"url\": \"" + url(path) + "\", \"method\": \"POST\"}";
        interrupted("call_9", "builtin", "http_request", arguments);
        ToolCall call = new ToolCall("call_9", "http_request", arguments);
        assertThrows(ToolInDoubtException.class, () -> tools.run(context, call));
        ToolResult again = tools.rerun(context, call);
        assertFalse(again.error(), again.content());
        assertEquals(again, tools.rerun(context, call), "a finished call is replayed, even when approved again");
        server().verifyThat(1, postRequestedFor(urlPathEqualTo(path)));
        var entry = ledger.calls(workspace, context.executionId()).stream().filter(c -> c.toolCallId().equals("call_9"))
                .findFirst().orElseThrow();
        assertEquals("done", entry.state());
        assertEquals(2, entry.attempts());
    }

    @Test
    void anInterruptedNonIdempotentCallIsInDoubtAndNeverRunAgain() {
        String path = "/pay-" + UUID.randomUUID();
        server().register(post(urlPathEqualTo(path)).willReturn(ok("paid")));
        String arguments = "{\"url\": \"" + url(path) + "\", \"method\": \"POST\"}";
        interrupted("call_3", "builtin", "http_request", arguments);
        ToolCall call = new ToolCall("call_3", "http_request", arguments);
        ToolInDoubtException doubt = assertThrows(ToolInDoubtException.class, () -> tools.run(context, call));
        assertEquals("TOOL_IN_DOUBT", doubt.code());
        assertEquals("call_3", doubt.toolCallId());
        assertTrue(doubt.getMessage().contains("call_3") && doubt.getMessage().contains("http_request"));
        assertThrows(ToolInDoubtException.class, () -> tools.run(context, call), "still in doubt when asked again");
        server().verifyThat(0, postRequestedFor(urlPathEqualTo(path)));
        assertEquals("in_doubt", ledger.calls(workspace, context.executionId()).get(0).state());
    }

    @Test
    void anInterruptedIdempotentCallRunsAgain() {
        interrupted("call_4", "builtin", "calculator", "{\"expression\": \"6*7\"}");
        ToolResult result = tools.run(context, new ToolCall("call_4", "calculator", "{\"expression\": \"6*7\"}"));
        assertFalse(result.error(), result.content());
        assertTrue(result.content().contains("42"));
        LedgerEntry entry = ledger.calls(workspace, context.executionId()).get(0);
        assertEquals("done", entry.state());
        assertEquals(2, entry.attempts());
    }

    @Test
    void theSameCallIdWithOtherArgumentsIsRefused() {
        tools.run(context, new ToolCall("call_5", "calculator", "{\"expression\": \"1+1\"}"));
        dev.agentplane.kit.error.ApiException refused = assertThrows(dev.agentplane.kit.error.ApiException.class,
                () -> tools.run(context, new ToolCall("call_5", "calculator", "{\"expression\": \"2+2\"}")));
        assertEquals("TOOL_CALL_MISMATCH", refused.code());
    }

    @Test
    void providersReuseCallIdsAcrossTurnsSoTheStepTellsCallsApart() {
        ToolContext turn2 = new ToolContext(context.caller(), context.executionId(), "agent-1", "writer", 2);
        tools.run(context, new ToolCall("call_0", "calculator", "{\"expression\": \"1+1\"}"));
        ToolResult second = tools.run(turn2, new ToolCall("call_0", "calculator", "{\"expression\": \"3+3\"}"));
        assertTrue(second.content().contains("6"), second.content());
        List<LedgerEntry> calls = ledger.calls(workspace, context.executionId());
        assertEquals(List.of(1, 2), calls.stream().map(LedgerEntry::step).toList());

        // without a step, the id and the arguments identify a call
        ToolContext noStep = new ToolContext(context.caller(), "exe_" + UUID.randomUUID(), "agent-1", null);
        assertTrue(tools.run(noStep, new ToolCall("call_0", "calculator", "{\"expression\": \"1+1\"}")).content().contains("2"));
        assertTrue(tools.run(noStep, new ToolCall("call_0", "calculator", "{\"expression\": \"2*5\"}")).content().contains("10"));
        assertEquals(2, ledger.calls(workspace, noStep.executionId()).size());
    }

    @Test
    void eachExecutionHasItsOwnCalls() {
        ToolCall call = new ToolCall("call_1", "calculator", "{\"expression\": \"1+1\"}");
        ToolContext other = new ToolContext(context.caller(), "exe_" + UUID.randomUUID(), "agent-1", null);
        tools.run(context, call);
        tools.run(other, new ToolCall("call_1", "calculator", "{\"expression\": \"2+2\"}"));
        assertTrue(ledger.calls(workspace, context.executionId()).get(0).result().contains("2"));
        assertTrue(ledger.calls(workspace, other.executionId()).get(0).result().contains("4"));
    }
}
