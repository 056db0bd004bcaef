package dev.agentplane.billing.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Usage per day, agent and model, from the settled reservations of the workspace. */
@ApplicationScoped
public class UsageService {
    @Inject
    EntityManager em;

    /** One group of usage; {@code key} is the day, agent id or model. */
    public record Row(String key, long executions, long inputTokens, long outputTokens, long credits) {
    }

    public record Usage(LocalDate from, LocalDate to, Row totals, List<Row> days, List<Row> agents, List<Row> models) {
    }

    @Transactional
    public Usage usage(String workspaceId, LocalDate from, LocalDate to) {
        List<Row> total = group(workspaceId, from, to, "'total'");
        return new Usage(from, to, total.isEmpty() ? new Row("total", 0, 0, 0, 0) : total.get(0),
                group(workspaceId, from, to, "to_char(settled_at at time zone 'UTC', 'YYYY-MM-DD')"),
                group(workspaceId, from, to, "coalesce(agent_id, 'unknown')"),
                group(workspaceId, from, to, "coalesce(model, 'unknown')"));
    }

    private List<Row> group(String workspaceId, LocalDate from, LocalDate to, String keyExpression) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + keyExpression + " as k, count(*), "
                        + "coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(charged), 0) "
                        + "from credit_reservation where workspace_id = ?1 and status <> 'held' "
                        + "and settled_at >= ?2 and settled_at < ?3 group by k order by k")
                .setParameter(1, workspaceId)
                .setParameter(2, from.atStartOfDay().toInstant(ZoneOffset.UTC))
                .setParameter(3, to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .getResultList();
        return rows.stream().map(r -> new Row(r[0].toString(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue())).toList();
    }
}
