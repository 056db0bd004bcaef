package dev.agentplane.kit.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Answers paths that no endpoint serves with a problem+json 404 instead of Vert.x's plain text. */
@ApplicationScoped
public class NotFoundRoute {
    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) throws Exception {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> {
            String requestId = ctx.request().getHeader("X-Request-Id");
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
            }
            Problem problem = new Problem(Problems.typeOf(ErrorCodes.NOT_FOUND), "Not Found", 404,
                    "No resource exists at this path.", ctx.normalizedPath(), ErrorCodes.NOT_FOUND, requestId,
                    List.of(), Map.of());
            try {
                ctx.response().setStatusCode(404)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("X-Request-Id", requestId)
                        .end(mapper.writeValueAsString(problem));
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }
}
