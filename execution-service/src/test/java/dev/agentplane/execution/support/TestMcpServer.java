package dev.agentplane.execution.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MCP server on a loopback address (127.0.0.1 unless told) (the MCP Java SDK's Streamable HTTP servlet in an embedded Tomcat): {@code add}
 * (read-only: adds a and b) and {@code shout} (upper-cases text; no hints). It counts calls per tool and keeps the
 * {@code X-Api-Key} header of every request.
 */
public final class TestMcpServer implements AutoCloseable {
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private final Tomcat tomcat = new Tomcat();
    private final McpSyncServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** The X-Api-Key header of each tool call, in order. */
    public final List<String> apiKeys = new CopyOnWriteArrayList<>();
    /** Every HTTP request that reached the server. */
    public final AtomicInteger requests = new AtomicInteger();
    private final String address;

    public TestMcpServer() throws Exception {
        this("127.0.0.1");
    }

    public TestMcpServer(String address) throws Exception {
        this.address = address;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(JSON).mcpEndpoint("/mcp")
                .contextExtractor(request -> {
                    requests.incrementAndGet();
                    return McpTransportContext.create(Map.of("key", String.valueOf(request.getHeader("X-Api-Key"))));
                })
                .build();
        server = McpServer.sync(transport).jsonMapper(JSON).serverInfo("test-mcp", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("add", "Adds two numbers.", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                                + "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}",
                                new McpSchema.ToolAnnotations("Add", true, false, true, false, null),
                                args -> String.valueOf(((Number) args.get("a")).doubleValue() + ((Number) args.get("b")).doubleValue())),
                        tool("shout", "Upper-cases a text.", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}",
                                null, args -> String.valueOf(args.get("text")).toUpperCase()))
                .build();
        tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", address);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Wrapper wrapper = Tomcat.addServlet(context, "mcp", transport);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
    }

    private McpServerFeatures.SyncToolSpecification tool(String name, String description, String schema,
                                                         McpSchema.ToolAnnotations hints,
                                                         java.util.function.Function<Map<String, Object>, String> body) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(JSON, schema).annotations(hints).build();
        return new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> {
            calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            apiKeys.add(String.valueOf(exchange.transportContext().get("key")));
            return McpSchema.CallToolResult.builder().addTextContent(body.apply(request.arguments())).build();
        });
    }

    public String url() {
        return "http://" + address + ":" + tomcat.getConnector().getLocalPort() + "/mcp";
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    public int calls(String tool) {
        AtomicInteger n = calls.get(tool);
        return n == null ? 0 : n.get();
    }

    /** Takes a tool off the server's list (cached lists of earlier versions still name it). */
    public void remove(String tool) {
        server.removeTool(tool);
    }

    @Override
    public void close() throws Exception {
        server.close(); // not closeGracefully: it waits for the clients' sessions to end
        tomcat.stop();
        tomcat.destroy();
    }
}
