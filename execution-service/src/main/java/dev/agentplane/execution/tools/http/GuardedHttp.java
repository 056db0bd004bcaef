package dev.agentplane.execution.tools.http;

import dev.agentplane.execution.tools.ToolsConfig;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP for tools that fetch URLs an agent or a model chose: each host is checked by the {@link AddressGuard}
 * and the connection goes to the checked address (Vert.x {@code RequestOptions.server}: no second lookup a DNS
 * rebinding could change), with the URL's host kept for the Host header and TLS; redirects are followed by
 * hand, each target checked again; the body is cut off at the configured size and the whole exchange at the
 * configured time.
 */
@ApplicationScoped
public class GuardedHttp {
    private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "proxy-connection");

    @Inject
    Vertx vertx;
    @Inject
    ToolsConfig config;

    private HttpClient client;
    private AddressGuard guard;

    @PostConstruct
    void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(50).setKeepAlive(true)
                .setVerifyHost(true).setConnectTimeout((int) Math.min(config.http().timeout().toMillis(), 10_000)));
        guard = new AddressGuard(config.http().allowedRanges().orElse(List.of()), HostResolver.SYSTEM);
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    /** For tests: the guard with another resolver. */
    public void useGuard(AddressGuard guard) {
        this.guard = guard;
    }

    /** An answer: status, headers (first value of each), the body as text and the URL it finally came from. */
    public record Answer(int status, Map<String, String> headers, String body, String url) {
        /** What a tool tells the model of it: {@code {status, url, headers, body}}. */
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("status", status);
            fields.put("url", url);
            fields.put("headers", headers);
            fields.put("body", body);
            return fields;
        }
    }

    /** A request the tool refuses or that failed; the message is safe to show the model. */
    public static class Failure extends Exception {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    public Answer send(String method, String url, Map<String, String> headers, String body) throws Failure {
        long deadline = System.nanoTime() + config.http().timeout().toNanos();
        HttpMethod verb = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        String current = url;
        String currentBody = body;
        for (int hop = 0; ; hop++) {
            Target target = parse(current);
            URI uri = target.uri();
            InetAddress address;
            try {
                address = guard.check(target.host()).get(0);
            } catch (AddressGuard.Refused refused) {
                throw new Failure((hop == 0 ? "Refused: " : "Refused a redirect to " + current + ": ")
                        + refused.getMessage() + ".");
            }
            Answer answer = once(verb, target, address, headers, currentBody, deadline);
            String location = answer.headers().get("location");
            if (answer.status() < 300 || answer.status() >= 400 || answer.status() == 304 || location == null) {
                return answer;
            }
            if (hop >= config.http().maxRedirects()) {
                throw new Failure("Too many redirects (more than " + config.http().maxRedirects() + ").");
            }
            try {
                current = uri.resolve(location.trim()).toString();
            } catch (IllegalArgumentException e) {
                throw new Failure("The redirect location is not a valid URL.");
            }
            if (answer.status() == 303 || (answer.status() == 301 || answer.status() == 302) && verb != HttpMethod.HEAD) {
                verb = HttpMethod.GET;
                currentBody = null;
            }
        }
    }

    /**
     * Checks a URL that a client of its own will fetch (an MCP server's): http(s), no credentials, and every
     * address its host resolves to passes the guard. That client resolves the name again (java.net.http cannot
     * be pinned), so this check cannot stop a DNS answer that changes in between; it follows no redirects.
     */
    public void check(String url) throws Failure {
        Target target = parse(url);
        try {
            guard.check(target.host());
        } catch (AddressGuard.Refused refused) {
            throw new Failure("Refused: " + refused.getMessage() + ".");
        }
    }

    /** A URL's parts; the host as written (java.net.URI leaves numeric spellings such as 0x7f.1 without a host). */
    private record Target(URI uri, boolean tls, String host, int port) {
    }

    private static Target parse(String url) throws Failure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new Failure("The URL is not valid.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Failure("Only http and https URLs can be fetched.");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw new Failure("URLs with credentials in them are refused.");
        }
        boolean tls = scheme.equals("https");
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && uri.getRawAuthority() != null) {
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            try {
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Failure("The URL is not valid.");
            }
        }
        if (host == null || host.isEmpty()) {
            throw new Failure("The URL has no host.");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Target(uri, tls, host, port > 0 && port < 65536 ? port : tls ? 443 : 80);
    }

    private Answer once(HttpMethod verb, Target target, InetAddress address, Map<String, String> headers, String body,
                        long deadline) throws Failure {
        URI uri = target.uri();
        boolean tls = target.tls();
        int port = target.port();
        String host = target.host();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new Failure("The request took longer than " + config.http().timeout().toSeconds() + " s.");
        }
        RequestOptions options = new RequestOptions().setMethod(verb).setHost(host).setPort(port).setURI(path)
                .setSsl(tls).setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false).setTimeout(remaining);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null && !DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    options.addHeader(name, value);
                }
            });
        }
        int max = config.http().maxResponseBytes();
        Promise<Answer> answer = Promise.promise();
        HttpClientRequest[] sent = new HttpClientRequest[1];
        client.request(options).onFailure(answer::tryFail).onSuccess(request -> {
            sent[0] = request;
            request.response().onFailure(answer::tryFail).onSuccess(response -> {
                Buffer received = Buffer.buffer();
                response.handler(chunk -> {
                    if (received.length() + chunk.length() > max) {
                        answer.tryFail(new Failure("The response is larger than " + max + " bytes."));
                        request.reset();
                    } else {
                        received.appendBuffer(chunk);
                    }
                });
                response.exceptionHandler(answer::tryFail);
                response.endHandler(v -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    response.headers().forEach(e -> h.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                    answer.tryComplete(new Answer(response.statusCode(), h,
                            received.toString(StandardCharsets.UTF_8), uri.toString()));
                });
            });
            if (body == null || verb == HttpMethod.GET || verb == HttpMethod.HEAD) {
                request.end();
            } else {
                request.end(body);
            }
        });
        try {
            return answer.future().toCompletionStage().toCompletableFuture().get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (sent[0] != null) {
                sent[0].reset();
            }
            throw new Failure("The request took longer than " + config.http().timeout().toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("The request was interrupted.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Failure f) {
                throw f;
            }
            String what = e.getCause() == null ? "unknown" : e.getCause().getClass().getSimpleName();
            if (e.getCause() instanceof io.vertx.core.http.StreamResetException) {
                throw new Failure("The response is larger than " + max + " bytes.");
            }
            throw new Failure("The request failed (" + what + (e.getCause() != null && e.getCause().getMessage() != null
                    ? ": " + e.getCause().getMessage() : "") + ").");
        }
    }
}
