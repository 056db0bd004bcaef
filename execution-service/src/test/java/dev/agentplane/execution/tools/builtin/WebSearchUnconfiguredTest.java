package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a search provider, web_search answers the model a clear error (the agent still saves and runs). */
class WebSearchUnconfiguredTest {
    @Test
    void withoutAProviderTheToolSaysSo() {
        WebSearchTool tool = new WebSearchTool();
        tool.mapper = new ObjectMapper();
        tool.config = new ToolsConfig() {
            public Http http() {
                return null;
            }

            public WebSearch webSearch() {
                return new WebSearch() {
                    public Optional<String> url() {
                        return Optional.empty();
                    }

                    public Optional<String> apiKey() {
                        return Optional.empty();
                    }

                    public Duration timeout() {
                        return Duration.ofSeconds(1);
                    }

                    public int maxResults() {
                        return 10;
                    }
                };
            }

            public Email email() {
                return null;
            }

            public Mcp mcp() {
                return null;
            }
        };
        ToolResult result = tool.run(null, new ToolCall("c1", "web_search", "{}"),
                tool.mapper.createObjectNode().put("query", "anything"));
        assertTrue(result.error());
        assertTrue(result.content().contains("no search provider is configured"), result.content());
    }
}
