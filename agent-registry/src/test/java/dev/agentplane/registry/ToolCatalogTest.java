package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

@QuarkusTest
class ToolCatalogTest {
    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @Test
    void theCatalogListsTheToolsExecutionServiceRunsWithRiskAndSchema() {
        given().auth().oauth2(ws.token()).when().get("/v1/tools").then().statusCode(200)
                .body("items.id", containsInAnyOrder("calculator", "current_time", "http_request", "web_search",
                                "send_email", "knowledge_base_search", "generate_image"),
                        "items.find { it.id == 'calculator' }.risk_level", is("low"),
                        "items.find { it.id == 'calculator' }.parameters.required", contains("expression"),
                        "items.find { it.id == 'send_email' }.requires_confirmation", is(true),
                        "items.find { it.id == 'send_email' }.idempotent", is(false),
                        "items.find { it.id == 'web_search' }.toolkit", is("builtin"),
                        "items.find { it.id == 'http_request' }.risk_level", is("medium"),
                        "items.risk_level", everyItem(oneOf("low", "medium", "high", "critical")),
                        "max_risk_by_maturity.student", is("low"), "max_risk_by_maturity.autonomous", is("critical"));
    }

    @Test
    void oneToolAndErrors() {
        given().auth().oauth2(ws.serviceToken()).when().get("/v1/tools/http_request").then().statusCode(200)
                .body("id", is("http_request"), "parameters.properties.url.type", is("string"));
        given().auth().oauth2(ws.executeToken()).when().get("/v1/tools/teleport").then().statusCode(404)
                .body("code", is("TOOL_NOT_FOUND"));
        given().when().get("/v1/tools").then().statusCode(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheRegistry() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/v1/agents"), "paths", hasKey("/v1/agents/{id}/versions/{version}"),
                        "paths", hasKey("/v1/tools"));
    }
}
