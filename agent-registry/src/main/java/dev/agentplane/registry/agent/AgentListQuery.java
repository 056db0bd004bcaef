package dev.agentplane.registry.agent;

import dev.agentplane.kit.data.PageRequest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SQL of the agent list, built in one place so that a test can EXPLAIN exactly what runs. Every
 * branch is served by an index of V1__agents.sql (workspace + live rows + the filtered or sorted column).
 */
public record AgentListQuery(String where, String orderBy, Map<String, Object> params) {

    public static AgentListQuery of(String workspaceId, AgentFilter f, PageRequest page) {
        StringBuilder where = new StringBuilder("workspace_id = :ws and deleted_at is null");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ws", workspaceId);
        if (f.role() != null) {
            where.append(" and role = :role");
            params.put("role", f.role());
        }
        if (f.maturityLevel() != null) {
            where.append(" and maturity_level = :maturity");
            params.put("maturity", f.maturityLevel());
        }
        if (f.status() != null) {
            where.append(" and status = :status");
            params.put("status", f.status());
        }
        if (f.tag() != null) {
            where.append(" and tags @> array[cast(:tag as text)]");
            params.put("tag", f.tag());
        }
        if (f.q() != null && !f.q().isBlank()) {
            where.append(" and (lower(name) like :q escape '\\' or lower(coalesce(description, '')) like :q escape '\\')");
            params.put("q", "%" + f.q().trim().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String column = "name".equals(page.sort()) ? "name" : "created_at";
        String direction = "asc".equals(page.order()) ? "asc" : "desc";
        return new AgentListQuery(where.toString(), column + " " + direction + ", key " + direction, params);
    }

    public String selectSql(PageRequest page) {
        return "select * from agent where " + where + " order by " + orderBy + " limit " + page.limit()
                + " offset " + (long) (page.page() - 1) * page.limit();
    }

    public String countSql() {
        return "select count(*) from agent where " + where;
    }
}
