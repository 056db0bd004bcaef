package dev.agentplane.console.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.console.api.Api;
import dev.agentplane.console.session.Session;
import dev.agentplane.console.web.Json;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Usage and credits: the balance, credits per day (an SVG bar chart drawn here), usage per agent, the ledger. */
@Path("/console/usage")
@Produces(MediaType.TEXT_HTML)
public class UsageResource {
    private final Api api;
    private final Template usage;

    public UsageResource(Api api, @Location("usage/usage.html") Template usage) {
        this.api = api;
        this.usage = usage;
    }

    @GET
    public TemplateInstance page(@CookieParam(Session.COOKIE) String cookie) {
        Session s = Session.of(cookie);
        Api.WithRateLimit credits = api.getWithRateLimit(s.token(), "/v1/credits");
        JsonNode balance = credits.body();
        JsonNode report = api.get(s.token(), "/v1/usage");
        JsonNode ledger = api.get(s.token(), "/v1/credits/ledger", Map.of("limit", "50"));
        return usage.data("session", s).data("balance", Json.plain(balance)).data("report", Json.plain(report))
                .data("chart", DayChart.draw(report.path("days"))).data("ledger", Json.plain(ledger.path("items")))
                .data("rate", RateState.of(credits.rateLimit()));
    }

    /**
     * The workspace's request limit as the API reported it with the balance: the binding window's limit, what is
     * left and when it resets, and every window of the policy; null when the workspace is unlimited.
     */
    public record RateState(String limit, String remaining, long resetsInSeconds, String window, String policy) {
        static RateState of(Map<String, String> fields) {
            if (!fields.containsKey("X-RateLimit-Limit")) {
                return null;
            }
            String rate = fields.getOrDefault("RateLimit", "");
            String window = rate.startsWith("\"day\"") ? "day" : "minute";
            long resets = 0;
            java.util.regex.Matcher t = java.util.regex.Pattern.compile(";t=(\\d+)").matcher(rate);
            if (t.find()) {
                resets = Long.parseLong(t.group(1));
            }
            return new RateState(fields.get("X-RateLimit-Limit"), fields.getOrDefault("X-RateLimit-Remaining", "?"),
                    resets, window, fields.getOrDefault("RateLimit-Policy", ""));
        }
    }

    /** Credits per day as bars, with the day under each and the value in its title (read by screen readers). */
    static final class DayChart {
        private DayChart() {
        }

        static String draw(JsonNode days) {
            if (!days.isArray() || days.isEmpty()) {
                return "";
            }
            int n = days.size(), barW = 24, gap = 6, h = 160, pad = 30;
            double max = 1;
            for (JsonNode d : days) {
                max = Math.max(max, d.path("credits").asDouble());
            }
            int width = pad * 2 + Math.max(n, 20) * (barW + gap); // a few days must not make giant bars
            StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                    .append(width).append(' ').append(h + pad * 2).append("\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Credits per day</title>")
                    .append("<line x1=\"").append(pad).append("\" y1=\"").append(h + pad).append("\" x2=\"").append(width - pad)
                    .append("\" y2=\"").append(h + pad).append("\" stroke=\"#4a5260\"/>");
            int i = 0;
            for (JsonNode d : days) {
                double v = d.path("credits").asDouble();
                int bh = (int) Math.round(h * v / max);
                int x = pad + i * (barW + gap);
                String day = esc(d.path("key").asText(d.path("day").asText("")));
                svg.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(h + pad - bh).append("\" width=\"").append(barW)
                        .append("\" height=\"").append(Math.max(bh, 1)).append("\" fill=\"#1a4d8f\"><title>").append(day).append(": ")
                        .append(d.path("credits").asText()).append(" credits, ").append(d.path("executions").asText("0"))
                        .append(" runs</title></rect>");
                if (n <= 10 || i % Math.max(1, n / 8) == 0) {
                    svg.append("<text x=\"").append(x).append("\" y=\"").append(h + pad + 16).append("\" font-size=\"11\" fill=\"#14161a\">")
                            .append(day.length() >= 10 ? day.substring(5) : day).append("</text>");
                }
                i++;
            }
            return svg.append("</svg>").toString();
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
