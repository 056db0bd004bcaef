package dev.agentplane.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /v1/images/generations}, OpenAI's images API: a small PNG (32×32, one colour taken from the prompt, so
 * the same prompt gets the same bytes) as {@code b64_json}, or as a {@code url} served by {@code GET /sim/images/{id}}
 * when {@code response_format: "url"}. {@code [sim:latency=2s]} and {@code [sim:error=500]} in the prompt script it.
 */
@ApplicationScoped
public class ImagesRoute {
    private static final AtomicLong IDS = new AtomicLong();
    private static final int SIDE = 32;
    private static final int KEPT = 1000;

    @Inject
    ObjectMapper mapper;
    @Inject
    Vertx vertx;

    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    void routes(@Observes Router router) {
        router.post("/v1/images/generations").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::generate);
        router.get("/sim/images/:id").handler(this::image);
    }

    private void generate(RoutingContext ctx) {
        JsonNode request;
        try {
            request = mapper.readTree(ctx.body().asString());
        } catch (Exception e) {
            request = null;
        }
        String prompt = request == null ? "" : request.path("prompt").asText("");
        if (prompt.isBlank()) {
            error(ctx, 400, "'prompt' is required.");
            return;
        }
        Map<String, String> markers = ReplyPlanner.markers(prompt);
        long latency = ReplyPlanner.durationMarker(markers, "latency", Duration.ZERO).toMillis();
        boolean url = "url".equals(request.path("response_format").asText());
        Runnable answer = () -> {
            if (markers.containsKey("error")) {
                error(ctx, Integer.parseInt(markers.get("error").trim()), "Simulated error.");
                return;
            }
            byte[] png = png(prompt);
            ObjectNode body = mapper.createObjectNode().put("created", System.currentTimeMillis() / 1000);
            ObjectNode image = body.putArray("data").addObject().put("revised_prompt", prompt);
            if (url) {
                String id = "img-" + IDS.incrementAndGet() + ".png";
                if (served.size() >= KEPT) {
                    served.clear();
                }
                served.put(id, png);
                image.put("url", "http://" + ctx.request().authority() + "/sim/images/" + id);
            } else {
                image.put("b64_json", Base64.getEncoder().encodeToString(png));
            }
            ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
        };
        if (latency > 0) {
            vertx.setTimer(latency, t -> answer.run());
        } else {
            answer.run();
        }
    }

    private void image(RoutingContext ctx) {
        byte[] png = served.get(ctx.pathParam("id"));
        if (png == null) {
            ctx.response().setStatusCode(404).end();
        } else {
            ctx.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(png));
        }
    }

    static byte[] png(String prompt) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        int rgb = prompt.hashCode() & 0xffffff;
        for (int x = 0; x < SIDE; x++) {
            for (int y = 0; y < SIDE; y++) {
                image.setRGB(x, y, rgb);
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a PNG", e);
        }
    }

    private void error(RoutingContext ctx, int status, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("error").put("message", message).put("type", status < 500 ? "invalid_request_error" : "server_error");
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
