package dev.agentplane.attachments.fetch;

import dev.agentplane.attachments.config.AttachmentsConfig;
import dev.agentplane.kit.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads an external URL to a temporary file after the SSRF check, connecting to the checked
 * address itself, re-checking every redirect, and stopping at the size and time limits.
 */
@ApplicationScoped
public class ImageFetcher {
    public static final String URL_NOT_ALLOWED = "URL_NOT_ALLOWED";
    public static final String FETCH_FAILED = "FETCH_FAILED";

    private final AttachmentsConfig.Fetch config;
    private final SsrfGuard guard;
    private final HttpClient client;
    private final Vertx vertx;

    @Inject
    public ImageFetcher(AttachmentsConfig config, Vertx vertx) {
        this.config = config.fetch();
        this.vertx = vertx;
        List<Cidr> allowed = this.config.allowedCidrs().orElse(List.of()).stream().map(Cidr::parse).toList();
        this.guard = new SsrfGuard(InetAddress::getAllByName, allowed);
        int timeoutMs = (int) this.config.timeout().toMillis();
        // no keep-alive: a redirect or an error is ended by resetting its request, which closes the
        // connection; pooled, that connection could already have been handed to the next fetch
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setMaxRedirects(0)
                .setKeepAlive(false)
                .setVerifyHost(true).setTryUseCompression(false));
    }

    /** The fetched body in a new temporary file (the caller deletes it) and the name from the URL. */
    public Fetched fetch(String url) {
        String current = url;
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            SsrfGuard.Target target;
            try {
                target = guard.check(current);
            } catch (SsrfGuard.Refused e) {
                throw new ApiException(400, URL_NOT_ALLOWED, e.getMessage());
            }
            Hop result = await(get(target));
            if (result.redirect() == null) {
                return new Fetched(result.file(), filenameOf(target));
            }
            current = target.uri().resolve(result.redirect()).toString();
        }
        throw new ApiException(422, FETCH_FAILED, "The URL redirected more than " + config.maxRedirects() + " times.");
    }

    private Future<Hop> get(SsrfGuard.Target t) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(t.host()).setPort(t.port())
                .setSsl(t.https()).setURI(t.pathAndQuery())
                .setServer(SocketAddress.inetSocketAddress(t.port(), t.address().getHostAddress()))
                .putHeader("Accept", "image/*").putHeader("User-Agent", "agentplane-attachments");
        return client.request(options).compose(req -> req.send()).compose(this::receive);
    }

    private Future<Hop> receive(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 300 && status < 400 && response.getHeader("Location") != null) {
            // the body of a redirect is not wanted: drop the connection instead of reading it
            drop(response);
            return Future.succeededFuture(new Hop(null, response.getHeader("Location")));
        }
        if (status != 200) {
            drop(response);
            return Future.failedFuture(new ApiException(422, FETCH_FAILED, "The URL answered HTTP " + status + "."));
        }
        long max = config.maxBytes().asLongValue();
        String length = response.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max) {
            drop(response);
            return Future.failedFuture(tooLarge(max));
        }
        response.pause();
        Path file;
        try {
            file = Files.createTempFile("fetched-", ".bin");
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        Promise<Hop> done = Promise.promise();
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)).onFailure(done::fail)
                .onSuccess(out -> copyLimited(response, out, max, file, done));
        return done.future().onFailure(e -> deleteQuietly(file));
    }

    private void copyLimited(HttpClientResponse in, AsyncFile out, long max, Path file, Promise<Hop> done) {
        long[] received = {0};
        in.handler(buffer -> {
            if (done.future().isComplete()) {
                return;
            }
            received[0] += buffer.length();
            if (received[0] > max) {
                done.tryFail(tooLarge(max));
                out.close();
                drop(in);
                return;
            }
            out.write(buffer);
            if (out.writeQueueFull()) {
                in.pause();
                out.drainHandler(v -> in.resume());
            }
        });
        in.exceptionHandler(e -> {
            if (done.tryFail(e)) {
                out.close();
            }
        });
        in.endHandler(v -> out.close().onComplete(closed -> done.tryComplete(new Hop(file, null))));
        in.resume();
    }

    /** Ends the exchange without reading the rest of the body (the reset is expected, not an error). */
    private static void drop(HttpClientResponse response) {
        response.exceptionHandler(ignored -> {
        });
        response.request().reset();
    }

    private Hop await(Future<Hop> future) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.onSuccess(late -> {
                if (late.file() != null) {
                    deleteQuietly(late.file());
                }
            });
            throw new ApiException(422, FETCH_FAILED, "The URL did not answer within " + config.timeout() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SERVICE_UNAVAILABLE", "Interrupted while fetching.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(422, FETCH_FAILED, "The URL could not be fetched: " + e.getCause().getMessage());
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "The image at the URL is larger than " + max + " bytes.");
    }

    private static String filenameOf(SsrfGuard.Target t) {
        String path = t.uri().getPath() == null ? "" : t.uri().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? "image" : last;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file; the OS cleans its temp directory eventually
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private record Hop(Path file, String redirect) {
    }

    /** A fetched body on disk and the file name the URL suggests. */
    public record Fetched(Path file, String filename) {
    }
}
