package dev.agentplane.attachments.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * Bodies over the HTTP limit are refused before any resource runs: by their Content-Length up front,
 * or (chunked) by the body handler once the limit is crossed, which also deletes the partial upload.
 * Quarkus answers both with an empty 413; this answers with problem+json like every other error.
 */
@ApplicationScoped
public class BodyLimitHandler {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        // Quarkus' own Content-Length check runs at order -2: answer first
        router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
                refuse(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static void refuse(RoutingContext ctx) {
        String requestId = ctx.request().getHeader("X-Request-Id");
        requestId = requestId == null || !requestId.matches("[A-Za-z0-9._:-]{1,128}")
                ? UUID.randomUUID().toString() : requestId;
        JsonObject problem = new JsonObject()
                .put("type", "https://agentplane.dev/problems/payload-too-large")
                .put("title", "Content Too Large").put("status", 413)
                .put("detail", "The request body is larger than this service accepts (files up to 50 MiB).")
                .put("instance", ctx.normalizedPath()).put("code", "PAYLOAD_TOO_LARGE")
                .put("request_id", requestId);
        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                .putHeader("X-Request-Id", requestId).putHeader("Connection", "close").end(problem.encode());
    }
}
