package dev.agentplane.billing.usage;

import dev.agentplane.kit.auth.CurrentCaller;
import dev.agentplane.kit.auth.Scopes;
import dev.agentplane.kit.error.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** GET /v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, default the last 30, at most 366). */
@Path("/v1/usage")
public class UsageResource {
    private static final int MAX_DAYS = 366;

    @Inject
    UsageService usage;
    @Inject
    CurrentCaller caller;

    @GET
    @RolesAllowed(Scopes.WORKSPACE)
    public UsageService.Usage usage(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : date("to", to);
        LocalDate start = from == null ? end.minusDays(29) : date("from", from);
        if (start.isAfter(end)) {
            throw ApiException.invalid("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw ApiException.invalid("from", "the range may span at most " + MAX_DAYS + " days");
        }
        return usage.usage(caller.workspaceId(), start, end);
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be a date like 2026-01-31");
        }
    }
}
