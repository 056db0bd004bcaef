package dev.agentplane.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MCP server (the MCP Java SDK's Streamable HTTP servlet in an embedded Tomcat) with one tool, {@code add}
 * (read-only), on the given loopback address; it counts calls and keeps each call's {@code X-Api-Key} header.
 */
public final class McpTestServer implements AutoCloseable {
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private final Tomcat tomcat = new Tomcat();
    private final McpSyncServer server;
    private final String address;
    public final AtomicInteger adds = new AtomicInteger();
    public final List<String> apiKeys = new CopyOnWriteArrayList<>();
    /** Every HTTP request that reached the server. */
    public final AtomicInteger requests = new AtomicInteger();

    public McpTestServer(String address) throws Exception {
        this.address = address;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(JSON).mcpEndpoint("/mcp")
                .contextExtractor(r -> {
                    requests.incrementAndGet();
                    return McpTransportContext.create(Map.of("key", String.valueOf(r.getHeader("X-Api-Key"))));
                })
                .build();
        McpSchema.Tool add = McpSchema.Tool.builder().name("add").description("Adds two numbers.")
                .inputSchema(JSON, "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                        + "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}")
                .annotations(new McpSchema.ToolAnnotations("Add", true, false, true, false, null)).build();
        server = McpServer.sync(transport).jsonMapper(JSON).serverInfo("e2e-mcp", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(new McpServerFeatures.SyncToolSpecification(add, (exchange, request) -> {
                    adds.incrementAndGet();
                    apiKeys.add(String.valueOf(exchange.transportContext().get("key")));
                    double sum = ((Number) request.arguments().get("a")).doubleValue()
                            + ((Number) request.arguments().get("b")).doubleValue();
                    return McpSchema.CallToolResult.builder().addTextContent("sum=" + sum).build();
                }))
                .build();
        tomcat.setBaseDir(Files.createTempDirectory("e2e-mcp").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", address);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        tomcat.start();
    }

    public String url() {
        return "http://" + address + ":" + tomcat.getConnector().getLocalPort() + "/mcp";
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.close(); // not closeGracefully: it waits for the clients' sessions to end
        tomcat.stop();
        tomcat.destroy();
    }
}
