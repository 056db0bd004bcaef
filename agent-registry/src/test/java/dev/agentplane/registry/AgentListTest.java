package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** GET /v1/agents: filters, free text, sort, order and pagination, inside one workspace. */
@QuarkusTest
class AgentListTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @BeforeEach
    void agents() {
        create("charlie", "Charlie Finance", "finance-agent", "student", "finance", "Books invoices");
        create("alpha", "Alpha Marketing", "marketing-agent", "intern", "marketing", "Writes 100% campaigns");
        create("bravo", "Bravo Finance", "finance-agent", "intern", "finance", "Forecasts revenue");
        given().auth().oauth2(ws.token()).contentType("application/json").body("{\"status\": \"inactive\"}")
                .when().patch("/v1/agents/bravo").then().statusCode(200);
        Api.createSimple(TestTokens.newWorkspace());
    }

    private void create(String id, String name, String role, String level, String tag, String description) {
        Api.create(ws, """
                {"id": "%s", "name": "%s", "role": "%s", "maturity_level": "%s", "tags": ["%s", "all"],
                 "description": "%s"}
                """.formatted(id, name, role, level, tag, description)).statusCode(201);
    }

    private io.restassured.response.ValidatableResponse list(String query) {
        return given().auth().oauth2(ws.token()).when().get("/v1/agents" + query).then().statusCode(200);
    }

    @Test
    void newestFirstByDefaultWithPagination() {
        list("").body("items.id", contains("bravo", "alpha", "charlie"),
                "pagination.page", is(1), "pagination.limit", is(20), "pagination.total", is(3),
                "pagination.total_pages", is(1), "pagination.has_more", is(false));
        list("?limit=2&page=1").body("items.id", contains("bravo", "alpha"), "pagination.has_more", is(true),
                "pagination.total_pages", is(2));
        list("?limit=2&page=2").body("items.id", contains("charlie"), "pagination.has_more", is(false));
        list("?sort=created_at&order=asc").body("items.id", contains("charlie", "alpha", "bravo"));
    }

    @Test
    void sortsByName() {
        list("?sort=name&order=asc").body("items.name", contains("Alpha Marketing", "Bravo Finance", "Charlie Finance"));
        list("?sort=name&order=desc").body("items.name", contains("Charlie Finance", "Bravo Finance", "Alpha Marketing"));
    }

    @Test
    void filtersCombine() {
        list("?role=finance-agent").body("items.id", containsInAnyOrder("charlie", "bravo"));
        list("?maturity_level=intern").body("items.id", containsInAnyOrder("alpha", "bravo"));
        list("?status=inactive").body("items.id", contains("bravo"));
        list("?status=active&role=finance-agent").body("items.id", contains("charlie"));
        list("?tag=marketing").body("items.id", contains("alpha"));
        list("?tag=all").body("pagination.total", is(3));
        list("?tag=none").body("items", empty(), "pagination.total", is(0));
    }

    @Test
    void freeTextSearchesNameAndDescriptionLiterally() {
        list("?q=FINANCE").body("items.id", containsInAnyOrder("charlie", "bravo"));
        list("?q=revenue").body("items.id", contains("bravo"));
        given().auth().oauth2(ws.token()).queryParam("q", "100%").when().get("/v1/agents").then().statusCode(200)
                .body("items.id", contains("alpha"));
        list("?q=_").body("items", empty());
    }

    @Test
    void badParametersAreReportedTogether() {
        given().auth().oauth2(ws.token()).when().get("/v1/agents?limit=500&sort=password&order=up&page=0")
                .then().statusCode(400).body("code", is("INVALID_INPUT"),
                        "errors.field", containsInAnyOrder("limit", "sort", "order", "page"));
        given().auth().oauth2(ws.token()).when().get("/v1/agents?role=wizard").then().statusCode(400)
                .body("code", is("INVALID_INPUT"));
    }
}
