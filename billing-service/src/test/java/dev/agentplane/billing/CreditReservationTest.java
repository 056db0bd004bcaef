package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal reservation API: holds, captures, releases, each idempotent; never a negative balance. */
@QuarkusTest
class CreditReservationTest {

    private static String exec() {
        return "exec-" + UUID.randomUUID();
    }

    @Test
    void reserveCaptureReleasesTheRestAndReplaysChangeNothing() {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = exec();
        acc.asService().body(Map.of("execution_id", id, "amount", 3_000, "agent_id", "agent-a", "model", "sim-1"))
                .post("/internal/credits/reservations").then().statusCode(201)
                .body("execution_id", is(id), "reserved", is(3000), "balance", is(10000), "available", is(7000));
        acc.asService().body(Map.of("execution_id", id, "amount", 3_000)).post("/internal/credits/reservations")
                .then().statusCode(200).body("reserved", is(3000), "available", is(7000));
        for (int i = 0; i < 2; i++) {
            acc.asService().body(Map.of("amount", 1_200, "input_tokens", 100, "output_tokens", 250))
                    .post("/internal/credits/reservations/" + id + "/capture").then().statusCode(200)
                    .body("execution_id", is(id), "charged", is(1200), "released", is(1800),
                            "balance", is(8800), "available", is(8800));
        }
        acc.asKey().get("/v1/credits/ledger?execution_id=" + id + "&order=asc").then().statusCode(200)
                .body("items.kind", contains("reserve", "capture"), "items[1].amount", is(-1200),
                        "items[1].balance_after", is(8800));
        acc.asService().body(Map.of("reason", "failed")).post("/internal/credits/reservations/" + id + "/release")
                .then().statusCode(409).body("code", is("RESERVATION_SETTLED"));
        acc.asKey().get("/v1/usage").then().statusCode(200)
                .body("totals.executions", is(1), "totals.credits", is(1200), "totals.output_tokens", is(250),
                        "agents[0].key", is("agent-a"), "models[0].key", is("sim-1"), "days", hasSize(1));
    }

    @Test
    void aHeldReservationGrowsWhenTheWorkspaceHasTheCreditsAndIsRefusedWhenNot() {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = exec();
        acc.asService().body(Map.of("execution_id", id, "amount", 3_000)).post("/internal/credits/reservations")
                .then().statusCode(201);
        acc.asService().body(Map.of("amount", 4_000)).post("/internal/credits/reservations/" + id + "/extend")
                .then().statusCode(200).body("reserved", is(7000), "available", is(3000));
        acc.asService().body(Map.of("amount", 3_001)).post("/internal/credits/reservations/" + id + "/extend")
                .then().statusCode(402).body("code", is("INSUFFICIENT_CREDITS"), "available", is(3000));
        acc.asService().body(Map.of("amount", 0)).post("/internal/credits/reservations/" + id + "/extend")
                .then().statusCode(400);
        acc.asService().body(Map.of("amount", 6_500)).post("/internal/credits/reservations/" + id + "/capture")
                .then().statusCode(200).body("charged", is(6500), "balance", is(3500), "available", is(3500));
        acc.asService().body(Map.of("amount", 1)).post("/internal/credits/reservations/" + id + "/extend")
                .then().statusCode(409);
        Fixtures.account("team", 10_000).asService().body(Map.of("amount", 1))
                .post("/internal/credits/reservations/" + id + "/extend").then().statusCode(404);
    }

    @Test
    void aHoldLastsUntilItsHoldUntilWhileAnotherExpires() {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String kept = exec();
        String lapsing = exec();
        for (String id : List.of(kept, lapsing)) {
            acc.asService().body(Map.of("execution_id", id, "amount", 1_000, "ttl_seconds", 2))
                    .post("/internal/credits/reservations").then().statusCode(201);
        }
        Instant until = Instant.now().plus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        acc.asService().body(Map.of("hold_until", until.toString())).post("/internal/credits/reservations/" + kept + "/extend")
                .then().statusCode(200).body("reserved", is(1000), "expires_at", is(until.toString()));
        // an earlier hold_until never shortens it; one beyond the longest hold is capped
        acc.asService().body(Map.of("hold_until", Instant.now().plusSeconds(60).toString()))
                .post("/internal/credits/reservations/" + kept + "/extend").then().statusCode(200)
                .body("expires_at", is(until.toString()));
        String far = acc.asService().body(Map.of("hold_until", Instant.now().plus(Duration.ofDays(400)).toString()))
                .post("/internal/credits/reservations/" + kept + "/extend").then().statusCode(200)
                .extract().path("expires_at");
        assertTrue(Instant.parse(far).isBefore(Instant.now().plus(Duration.ofDays(8)).plusSeconds(5)), far);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                acc.asKey().get("/v1/credits").then().body("reserved", is(1_000)));
        acc.asService().body(Map.of("amount", 100)).post("/internal/credits/reservations/" + kept + "/capture")
                .then().statusCode(200).body("charged", is(100));
        acc.asService().body(Map.of("hold_until", until.toString())).post("/internal/credits/reservations/" + lapsing + "/extend")
                .then().statusCode(409);
    }

    /** A new model priced 5 per call + 2 per input token + 10 per output token. */
    private static String pricedModel(String prefix) {
        String model = prefix + System.nanoTime();
        given().header("X-API-Key", Fixtures.OPERATOR_KEY).contentType("application/json")
                .body(Map.of("base_cost", 5, "input_token_price", 2, "output_token_price", 10))
                .put("/v1/admin/pricing/" + model).then().statusCode(200);
        return model;
    }

    @Test
    void aHoldWithoutAnAmountIsPricedFromTheMostTheExecutionCanUse() {
        String model = pricedModel("hold-model-");
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = exec();
        acc.asService().body(Map.of("execution_id", id, "model", model, "input_tokens", 100, "output_tokens", 500))
                .post("/internal/credits/reservations").then().statusCode(201)
                .body("reserved", is(5 + 200 + 5_000), "available", is(10_000 - 5_205), "status", is("held"),
                        "expires_at", notNullValue(), "price.base_cost", is(5), "price.input_token_price", is(2),
                        "price.output_token_price", is(10));
        acc.asService().body(Map.of("execution_id", exec(), "model", model, "input_tokens", 100, "output_tokens", 1_000))
                .post("/internal/credits/reservations").then().statusCode(402)
                .body("code", is("INSUFFICIENT_CREDITS"), "required", is(10_205), "available", is(4_795));
        acc.asService().body(Map.of("execution_id", exec(), "model", model, "output_tokens", 10))
                .post("/internal/credits/reservations").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("amount"));
        acc.asKey().get("/v1/credits/ledger?kind=reserve").then().body("items", hasSize(1));
    }

    @Test
    void aCaptureWithoutAnAmountIsPricedFromItsTokensByTheModelsRule() {
        String model = pricedModel("capture-model-");
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        String id = exec();
        acc.asService().body(Map.of("execution_id", id, "amount", 1_000, "model", model))
                .post("/internal/credits/reservations").then().statusCode(201);
        acc.asService().body(Map.of("model", model, "input_tokens", 20, "output_tokens", 30))
                .post("/internal/credits/reservations/" + id + "/capture").then().statusCode(200)
                .body("charged", is(5 + 40 + 300), "released", is(1000 - 345), "balance", is(10_000 - 345));
        String other = exec();
        acc.asService().body(Map.of("execution_id", other, "amount", 100)).post("/internal/credits/reservations")
                .then().statusCode(201);
        acc.asService().body(Map.of("input_tokens", 20, "output_tokens", 30))
                .post("/internal/credits/reservations/" + other + "/capture").then().statusCode(400)
                .body("code", is("INVALID_INPUT"), "errors[0].field", is("amount"));
        acc.asService().body(Map.of("model", model, "input_tokens", 20, "output_tokens", -1))
                .post("/internal/credits/reservations/" + other + "/capture").then().statusCode(400);
    }

    @Test
    void aFailedExecutionIsRefundedOnceAndACaptureIsCappedAtTheHold() {
        Fixtures.Account acc = Fixtures.account("team", 5_000);
        String failed = exec();
        acc.asService().body(Map.of("execution_id", failed, "amount", 2_000)).post("/internal/credits/reservations")
                .then().statusCode(201);
        for (int i = 0; i < 2; i++) {
            acc.asService().body(Map.of("reason", "failed")).post("/internal/credits/reservations/" + failed + "/release")
                    .then().statusCode(200).body("released", is(2000), "balance", is(5000), "available", is(5000));
        }
        acc.asKey().get("/v1/credits/ledger?kind=refund").then().body("items", hasSize(1));
        String big = exec();
        acc.asService().body(Map.of("execution_id", big, "amount", 1_000)).post("/internal/credits/reservations")
                .then().statusCode(201);
        acc.asService().body(Map.of("amount", 9_999)).post("/internal/credits/reservations/" + big + "/capture")
                .then().statusCode(200).body("charged", is(1000), "released", is(0), "balance", is(4000));
    }

    @Test
    void insufficientCreditsIs402AndUnknownExecutionsAre404() {
        Fixtures.Account acc = Fixtures.account("team", 100);
        acc.asService().body(Map.of("execution_id", exec(), "amount", 101)).post("/internal/credits/reservations")
                .then().statusCode(402).contentType("application/problem+json")
                .body("code", is("INSUFFICIENT_CREDITS"), "available", is(100), "required", is(101));
        acc.asService().body(Map.of("reason", "failed")).post("/internal/credits/reservations/nope/release")
                .then().statusCode(404).body("code", is("RESERVATION_NOT_FOUND"));
        acc.asService().body(Map.of("amount", 1)).post("/internal/credits/reservations/nope/capture").then().statusCode(404);
        TestTokens.Workspace stranger = TestTokens.newWorkspace();
        given().auth().oauth2(stranger.serviceToken()).contentType("application/json")
                .body(Map.of("execution_id", exec(), "amount", 1)).post("/internal/credits/reservations")
                .then().statusCode(402);
    }

    @Test
    void anotherWorkspacesReservationIsNotFound() {
        Fixtures.Account mine = Fixtures.account("team", 1_000);
        Fixtures.Account theirs = Fixtures.account("team", 1_000);
        String id = exec();
        theirs.asService().body(Map.of("execution_id", id, "amount", 10)).post("/internal/credits/reservations")
                .then().statusCode(201);
        mine.asService().body(Map.of("amount", 10)).post("/internal/credits/reservations/" + id + "/capture").then().statusCode(404);
        mine.asService().body(Map.of("reason", "failed")).post("/internal/credits/reservations/" + id + "/release").then().statusCode(404);
        mine.asKey().get("/v1/credits/ledger?execution_id=" + id).then().statusCode(200).body("items", empty());
        mine.asKey().get("/v1/credits/ledger").then().body("items.kind", contains("grant"));
    }

    @Test
    void badInputAndWrongScopesAreRefused() {
        Fixtures.Account acc = Fixtures.account("team", 1_000);
        acc.asService().body(Map.of("amount", 5)).post("/internal/credits/reservations").then().statusCode(400)
                .body("errors[0].field", is("execution_id"));
        acc.asService().body(Map.of("execution_id", "e1", "amount", -5)).post("/internal/credits/reservations").then().statusCode(400);
        acc.asService().body(Map.of("execution_id", "bad id!", "amount", 5)).post("/internal/credits/reservations").then().statusCode(400);
        acc.asService().body(Map.of("execution_id", exec(), "amount", 5, "ttl_seconds", 0)).post("/internal/credits/reservations")
                .then().statusCode(400).body("errors[0].field", is("ttl_seconds"));
        acc.asService().body(Map.of("reason", "bored")).post("/internal/credits/reservations/x/release").then().statusCode(400);
        acc.asKey().body(Map.of("execution_id", exec(), "amount", 5)).post("/internal/credits/reservations").then().statusCode(403);
        acc.asKey().get("/v1/credits/ledger?kind=theft").then().statusCode(400);
        acc.asKey().get("/v1/usage?from=2026-13-01").then().statusCode(400).body("errors[0].field", is("from"));
        acc.asKey().get("/v1/usage?from=2026-02-01&to=2026-01-01").then().statusCode(400);
    }

    @Test
    void fiftyConcurrentReservationsAgainstTenCoveredSucceedExactlyTenTimes() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> acc.asService().body(Map.of("execution_id", exec(), "amount", 100))
                        .post("/internal/credits/reservations").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
            assertEquals(10, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(40, statuses.stream().filter(s -> s == 402).count(), statuses.toString());
        } finally {
            pool.shutdown();
        }
        acc.asKey().get("/v1/credits").then().body("balance", is(1000), "reserved", is(1000), "available", is(0));
    }

    @Test
    void anExpiredHoldIsReleased() {
        Fixtures.Account acc = Fixtures.account("team", 500);
        String id = exec();
        acc.asService().body(Map.of("execution_id", id, "amount", 400, "ttl_seconds", 1)).post("/internal/credits/reservations")
                .then().statusCode(201).body("available", is(100));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                acc.asKey().get("/v1/credits").then().body("available", is(500), "reserved", is(0)));
        acc.asKey().get("/v1/credits/ledger?kind=release").then().body("items[0].execution_id", is(id),
                "items[0].note", is("expired"));
        acc.asService().body(Map.of("amount", 400)).post("/internal/credits/reservations/" + id + "/capture")
                .then().statusCode(409).body("status", is("released"));
    }
}
