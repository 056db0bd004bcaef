package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code current_time}: now, in an IANA time zone (UTC when none is given). */
@ApplicationScoped
public class CurrentTimeTool extends BuiltinTool {
    Clock clock = Clock.systemUTC();

    @Override
    protected String name() {
        return "current_time";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        String zoneName = text(arguments, "timezone");
        ZoneId zone;
        try {
            zone = zoneName == null || zoneName.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            return ToolResult.error(call, "'" + zoneName + "' is not an IANA time zone (e.g. Europe/Berlin, America/New_York).");
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("timezone", zone.getId());
        answer.put("datetime", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        answer.put("utc", now.toInstant().toString());
        answer.put("utc_offset", now.getOffset().getId());
        answer.put("day_of_week", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        answer.put("unix", now.toEpochSecond());
        return ToolResult.ok(call, json(answer));
    }
}
