package dev.agentplane.attachments.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.UUID;

/**
 * A request body over the HTTP limit is refused by Vert.x before any resource runs (and its partial
 * upload deleted); this answers that refusal with the same problem+json as every other error.
 */
@ApplicationScoped
public class BodyLimitHandler {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            String requestId = ctx.request().getHeader("X-Request-Id");
            requestId = requestId == null || !requestId.matches("[A-Za-z0-9._:-]{1,128}")
                    ? UUID.randomUUID().toString() : requestId;
            JsonObject problem = new JsonObject()
                    .put("type", "https://agentplane.dev/problems/payload-too-large")
                    .put("title", "Content Too Large").put("status", 413)
                    .put("detail", "The request body is larger than this endpoint accepts (files up to 50 MiB).")
                    .put("instance", ctx.normalizedPath()).put("code", "PAYLOAD_TOO_LARGE")
                    .put("request_id", requestId);
            ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                    .putHeader("X-Request-Id", requestId).putHeader("Connection", "close").end(problem.encode());
        });
    }
}
