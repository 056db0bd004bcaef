package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without a search provider, web_search answers the model a clear error, and without an image provider so does
 * generate_image (the agent still saves and runs; both stay in the catalog, which lists what the platform can run).
 */
class UnconfiguredToolsTest {
    private static final ToolsConfig NOTHING = new ToolsConfig() {
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

        public Images images() {
            return new Images() {
                public Optional<String> url() {
                    return Optional.empty();
                }

                public Optional<String> apiKey() {
                    return Optional.empty();
                }

                public String model() {
                    return "m";
                }

                public String size() {
                    return "1x1";
                }

                public Duration timeout() {
                    return Duration.ofSeconds(1);
                }

                public int maxBytes() {
                    return 1;
                }
            };
        }
    };

    @Test
    void withoutASearchProviderWebSearchSaysSo() {
        WebSearchTool tool = new WebSearchTool();
        tool.mapper = new ObjectMapper();
        tool.config = NOTHING;
        ToolResult result = tool.run(null, new ToolCall("c1", "web_search", "{}"),
                tool.mapper.createObjectNode().put("query", "anything"));
        assertTrue(result.error());
        assertTrue(result.content().contains("no search provider is configured"), result.content());
    }

    @Test
    void withoutAnImageProviderGenerateImageSaysSoAndPublishesNothing() {
        GenerateImageTool tool = new GenerateImageTool();
        tool.mapper = new ObjectMapper();
        tool.config = NOTHING;   // streams and attachments stay null: touching them would fail the test
        ToolResult result = tool.run(null, new ToolCall("c1", "generate_image", "{}"),
                tool.mapper.createObjectNode().put("prompt", "a fox"));
        assertTrue(result.error());
        assertTrue(result.content().contains("no image provider is configured"), result.content());
    }
}
