package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.agentplane.billing.Fixtures.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Pricing rules as data, with a breakdown; the default rule prices unknown models. */
@QuarkusTest
class PricingTest {

    @Test
    void anEstimateShowsItsRuleAndBreakdown() {
        given().auth().oauth2(TestTokens.newWorkspace().serviceToken()).contentType("application/json")
                .body(Map.of("model", "sim-1", "input_tokens", 100, "output_tokens", 500))
                .post("/internal/pricing/estimate").then().statusCode(200)
                .body("model", is("sim-1"), "amount", is(500 + 100 + 2000),
                        "breakdown.item", contains("base", "input_tokens", "output_tokens"),
                        "breakdown[2].quantity", is(500), "breakdown[2].unit_price", is(4), "breakdown[2].amount", is(2000),
                        "rule.model", is("sim-1"), "rule.is_default", is(false));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("model", "mystery-model", "output_tokens", 10))
                .post("/v1/pricing/estimate").then().statusCode(200)
                .body("amount", is(1000 + 80), "rule.model", is("*"), "rule.is_default", is(true));
    }

    @Test
    void theOperatorChangesAPriceAndBadInputIsRefused() {
        String model = "model-" + System.nanoTime();
        admin().body(Map.of("base_cost", 7, "input_token_price", 1, "output_token_price", 3))
                .put("/v1/admin/pricing/" + model).then().statusCode(200).body("model", is(model));
        given().auth().oauth2(TestTokens.newWorkspace().token()).get("/v1/pricing").then().statusCode(200)
                .body("items.model", hasItems("*", "sim-1", model));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("model", model, "input_tokens", 2, "output_tokens", 2))
                .post("/v1/pricing/estimate").then().body("amount", is(7 + 2 + 6));
        admin().body(Map.of("base_cost", -1, "input_token_price", 1, "output_token_price", 3))
                .put("/v1/admin/pricing/" + model).then().statusCode(400).body("errors[0].field", is("base_cost"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("model", "sim-1", "input_tokens", -1)).post("/v1/pricing/estimate").then().statusCode(400);
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("input_tokens", 1)).post("/v1/pricing/estimate").then().statusCode(400)
                .body("errors[0].field", is("model"));
        given().auth().oauth2(TestTokens.newWorkspace().token()).contentType("application/json")
                .body(Map.of("base_cost", 0, "input_token_price", 0, "output_token_price", 0))
                .put("/v1/admin/pricing/free-model").then().statusCode(403);
    }
}
