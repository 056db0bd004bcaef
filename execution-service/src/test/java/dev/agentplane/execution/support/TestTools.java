package dev.agentplane.execution.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.Tool;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolSpec;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tool the engine tests call through the seam: {@code test_echo} answers {"echo": text}. Calls that name the
 * same {@code barrier} wait for each other (up to 5 s): two calls of one turn both succeed only when they run at
 * the same time.
 */
@ApplicationScoped
public class TestTools implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, CountDownLatch> barriers = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Every call so far, as "executionId/callId". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ToolSpec spec() {
        return new ToolSpec("test_echo", "Echoes its text.", JSON.createObjectNode().put("type", "object")
                .set("properties", JSON.createObjectNode().set("text", JSON.createObjectNode().put("type", "string"))));
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        calls.add(context.executionId() + "/" + call.id());
        String barrier = arguments.path("barrier").asText(null);
        if (barrier != null) {
            CountDownLatch latch = barriers.computeIfAbsent(barrier, b -> new CountDownLatch(2));
            latch.countDown();
            try {
                if (!latch.await(5, TimeUnit.SECONDS)) {
                    return ToolResult.error(call, "the other call of the turn did not run meanwhile");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ToolResult.error(call, "interrupted");
            }
        }
        return ToolResult.ok(call, JSON.createObjectNode().put("echo", arguments.path("text").asText()).toString());
    }
}
