package dev.agentplane.registry;

import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.testing.TestTokens;
import dev.agentplane.registry.agent.AgentFilter;
import dev.agentplane.registry.agent.AgentListQuery;
import io.quarkus.test.junit.QuarkusTest;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * 10,000 agents in one workspace (among 40,000 of other workspaces), inserted by one SQL statement:
 * every list query the API runs is planned on an index, and the API answers quickly.
 */
@QuarkusTest
class AgentListPlanTest {
    @Inject
    AgroalDataSource dataSource;

    private static final String BULK = """
            insert into agent (key, workspace_id, agent_id, name, description, role, maturity_level, status, tags,
                               version, definition, created_at, updated_at)
            select gen_random_uuid(), case when g <= 10000 then ? else 'ws_bulk_' || (g % 400) end, 'bulk-' || g,
                   'Bulk agent ' || g, 'Generated agent number ' || g,
                   (array['general-assistant','finance-agent','marketing-agent','developer-agent','custom'])[1 + g % 5],
                   (array['student','intern','supervised','autonomous'])[1 + g % 4],
                   case when g % 10 = 0 then 'inactive' else 'active' end,
                   array['t' || (g % 50), 'all'], 1,
                   '{"name":"Bulk agent","role":"custom","maturity_level":"student","status":"active","tags":[]}',
                   now() - g * interval '1 second', now()
            from generate_series(1, 50000) g""";

    @Test
    void listingTenThousandAgentsWithFiltersUsesIndexes() throws Exception {
        TestTokens.Workspace ws = TestTokens.newWorkspace();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(BULK)) {
                insert.setString(1, ws.workspaceId());
                assertEquals(50_000, insert.executeUpdate());
            }
            System.out.printf("inserted 50,000 agents in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            try (Statement s = c.createStatement()) {
                s.execute("vacuum analyze agent");
            }
            List<AgentFilter> filters = List.of(new AgentFilter(null, null, null, null, null),
                    new AgentFilter("finance-agent", null, null, null, null),
                    new AgentFilter(null, "intern", "active", null, null),
                    new AgentFilter("custom", "autonomous", "active", null, null),
                    new AgentFilter(null, null, null, "t7", null),
                    new AgentFilter(null, null, null, null, "number 77"));
            for (AgentFilter f : filters) {
                for (String sort : List.of("created_at", "name")) {
                    PageRequest page = PageRequest.of(1, 20, sort, "desc", List.of("created_at", "name"));
                    AgentListQuery q = AgentListQuery.of(ws.workspaceId(), f, page);
                    String plan = explain(c, "explain " + bind(q.selectSql(page), q));
                    System.out.printf("-- %s sort=%s%n%s%n", f, sort, plan);
                    assertFalse(plan.contains("Seq Scan"), "sequential scan for " + f + " sort " + sort + ":\n" + plan);
                    assertTrue(plan.contains("Index"), plan);
                }
            }
        }
        String query = "/v1/agents?role=finance-agent&maturity_level=supervised&status=active&tag=all&sort=name&order=asc&limit=100";
        given().auth().oauth2(ws.token()).when().get(query).then().statusCode(200);
        long start = System.nanoTime();
        given().auth().oauth2(ws.token())
                .when().get(query)
                .then().statusCode(200).body("pagination.total", is(500), "items", hasSize(100),
                        "items[0].name", startsWith("Bulk agent"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("GET /v1/agents (filtered, 100 of 500 in a 10,000-agent workspace) took %d ms%n", ms);
        assertTrue(ms < 10_000, "listing took " + ms + " ms");
        AgentFilter f = new AgentFilter("finance-agent", "supervised", "active", "all", null);
        PageRequest page = PageRequest.of(1, 100, "name", "asc", List.of("created_at", "name"));
        AgentListQuery q = AgentListQuery.of(ws.workspaceId(), f, page);
        try (Connection c = dataSource.getConnection()) {
            for (String sql : List.of(q.selectSql(page), q.countSql())) {
                String plan = explain(c, "explain analyze " + bind(sql, q));
                System.out.println(plan);
                double executionMs = Double.parseDouble(plan.replaceAll("(?s).*Execution Time: ([0-9.]+) ms.*", "$1"));
                assertTrue(executionMs < 500, plan);
            }
        }
    }

    private static String bind(String sql, AgentListQuery q) {
        for (Map.Entry<String, Object> p : q.params().entrySet()) {
            sql = sql.replace(":" + p.getKey(), "'" + p.getValue().toString().replace("'", "''") + "'");
        }
        return sql;
    }

    private static String explain(Connection c, String explainSql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(explainSql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
