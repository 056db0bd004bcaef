package dev.agentplane.execution.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The servers tools talk to, in-process on loopback: an HTTP server for http_request, the web_search
 * provider and generate_image's images endpoint (WireMock, its own instance so tool traffic never mixes with the platform stubs), and an SMTP
 * server for send_email (GreenMail). http_request may reach 127.0.0.1 only — other loopback addresses stay
 * refused, which the redirect tests use.
 */
public class ToolServersResource implements QuarkusTestResourceLifecycleManager {
    public static volatile WireMockServer http;
    public static volatile GreenMail smtp;

    @Override
    public Map<String, String> start() {
        http = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        String base = "http://127.0.0.1:" + http.port();
        return Map.of(
                "test.tools.http-port", String.valueOf(http.port()),
                "agentplane.tools.http.allowed-ranges", "127.0.0.1/32",
                "agentplane.tools.web-search.url", base + "/search",
                "agentplane.tools.web-search.api-key", "search-key",
                "agentplane.tools.images.url", base + "/images/v1",
                "agentplane.tools.images.api-key", "image-key",
                "agentplane.tools.email.from", "agents@agentplane.test",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
