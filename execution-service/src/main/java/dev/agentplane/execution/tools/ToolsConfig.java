package dev.agentplane.execution.tools;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What operators configure for server-side tools ({@code agentplane.tools.*}). */
@ConfigMapping(prefix = "agentplane.tools")
public interface ToolsConfig {
    Http http();

    WebSearch webSearch();

    Email email();

    Mcp mcp();

    Images images();

    /** Outbound requests of http_request (and every other tool that fetches a URL an agent or model chose). */
    interface Http {
        /**
         * Address ranges (CIDR, e.g. {@code 10.1.0.0/16} or {@code 127.0.0.1/32}) allowed although they are
         * loopback, private, link-local or otherwise refused. Empty by default.
         */
        Optional<List<String>> allowedRanges();

        /** Largest response body read; a longer one is refused. */
        @WithDefault("1048576")
        int maxResponseBytes();

        /** Longest a request may take, redirects included. */
        @WithDefault("10s")
        Duration timeout();

        @WithDefault("5")
        int maxRedirects();
    }

    /** The search provider web_search asks: an HTTP JSON API answering {@code GET <url>?q=...&count=...}. */
    interface WebSearch {
        Optional<String> url();

        /** Sent as {@code Authorization: Bearer <key>} when set. */
        Optional<String> apiKey();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("10")
        int maxResults();
    }

    /** send_email goes through the operator's SMTP server (quarkus.mailer.*); off until a sender is set. */
    interface Email {
        /** The From address; without it send_email answers that email is not configured. */
        Optional<String> from();
    }

    /**
     * MCP servers agents declare ({@code worker_config.mcp_servers}); their URLs pass the http_request guard
     * ({@code http.allowed-ranges}). How long a version's tool list is kept: {@code quarkus.cache.caffeine."mcp-tools".*}.
     */
    interface Mcp {
        /** Longest the connection, the handshake and one request (a list or a call) may take each. */
        @WithDefault("30s")
        Duration timeout();

        /** Largest answer read from a server. */
        @WithDefault("1048576")
        int maxResponseBytes();
    }

    /**
     * generate_image: the operator's OpenAI-compatible images endpoint ({@code POST <url>/images/generations}, answering
     * {@code b64_json} or a {@code url}); without one the tool answers that image generation is not configured.
     */
    interface Images {
        /** The API's base URL, e.g. {@code https://api.openai.com/v1}. */
        Optional<String> url();

        /** Sent as {@code Authorization: Bearer <key>} when set. Never logged. */
        Optional<String> apiKey();

        @WithDefault("gpt-image-1")
        String model();

        @WithDefault("1024x1024")
        String size();

        /** Longest a generation may take; the stream carries heartbeats meanwhile. */
        @WithDefault("120s")
        Duration timeout();

        /** Largest image accepted (decoded bytes). */
        @WithDefault("10485760")
        int maxBytes();
    }
}
