package dev.agentplane.billing;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.agentplane.billing.Fixtures.hold;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal lease API: a grant takes at most a share of what is available, a close releases what was not drawn. */
@QuarkusTest
class CreditLeaseTest {
    static final String LEASES = "/internal/credits/leases";

    static Map<String, Object> lease(String model, long wanted, long minimum) {
        return Map.of("model", model, "wanted", wanted, "minimum", minimum);
    }

    /** Grants a sim-1 lease and returns its id. */
    static String grant(Fixtures.Account acc, long wanted) {
        return acc.asService().body(lease("sim-1", wanted, 1)).post(LEASES).then().statusCode(201)
                .body("amount", is((int) wanted)).extract().path("lease_id");
    }

    static ValidatableResponse close(Fixtures.Account acc, String leaseId, long drawn) {
        return acc.asService().body(Map.of("drawn", drawn)).post(LEASES + "/" + leaseId + "/close").then();
    }

    @Test
    void aGrantReservesAtMostAQuarterOfWhatIsAvailableWithTheModelsPrice() {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        JsonPath first = acc.asService().body(lease("sim-1", 100_000, 20_000)).post(LEASES).then().statusCode(201)
                .body("lease_id", startsWith("lease_"), "model", is("sim-1"), "amount", is(100_000),
                        "status", is("open"), "balance", is(1_000_000), "available", is(900_000),
                        "price.base_cost", is(500), "price.input_token_price", is(1), "price.output_token_price", is(4))
                .extract().jsonPath();
        assertExpiresIn(first.getString("expires_at"), Duration.ofSeconds(900));
        // wants it all: gets a quarter of the 900 000 left, priced by the default rule as the model has none
        JsonPath second = acc.asService().body(Map.of("model", "model-without-rule", "wanted", 1_000_000,
                        "minimum", 20_000, "ttl_seconds", 60)).post(LEASES).then().statusCode(201)
                .body("amount", is(225_000), "available", is(675_000), "price.base_cost", is(1000),
                        "price.input_token_price", is(2), "price.output_token_price", is(8))
                .extract().jsonPath();
        assertExpiresIn(second.getString("expires_at"), Duration.ofSeconds(60));
        acc.asKey().get("/v1/credits").then()
                .body("balance", is(1_000_000), "reserved", is(325_000), "available", is(675_000));
        acc.asKey().get("/v1/credits/ledger?kind=lease&order=asc").then().statusCode(200)
                .body("items.amount", contains(0, 0), "items.reserved_change", contains(100_000, 225_000),
                        "items.available_after", contains(900_000, 675_000),
                        "items.note", contains(first.getString("lease_id"), second.getString("lease_id")),
                        "items.execution_id", everyItem(nullValue()));
    }

    private static void assertExpiresIn(String expiresAt, Duration ttl) {
        Duration left = Duration.between(Instant.now(), Instant.parse(expiresAt));
        assertTrue(left.compareTo(ttl) <= 0 && left.compareTo(ttl.minusSeconds(30)) > 0, expiresAt);
    }

    @Test
    void lessThanTheMinimumIsNotGrantedAndChangesNothing() {
        Fixtures.Account acc = Fixtures.account("team", 10_000);
        acc.asService().body(lease("sim-1", 5_000, 2_501)).post(LEASES).then().statusCode(409)
                .contentType("application/problem+json").body("code", is("LEASE_NOT_GRANTED"), "available", is(10_000));
        acc.asKey().get("/v1/credits").then().body("reserved", is(0), "available", is(10_000));
        acc.asKey().get("/v1/credits/ledger").then().body("items.kind", contains("grant"));
        // exactly the share is enough
        acc.asService().body(lease("sim-1", 5_000, 2_500)).post(LEASES).then().statusCode(201)
                .body("amount", is(2_500), "available", is(7_500));
        // a workspace without an account has nothing to lease
        given().auth().oauth2(TestTokens.newWorkspace().serviceToken()).contentType("application/json")
                .body(lease("sim-1", 5_000, 1)).post(LEASES).then().statusCode(409)
                .body("code", is("LEASE_NOT_GRANTED"), "available", is(0));
    }

    @Test
    void badLeaseRequestsAre400AndOnlyServicesMayLease() {
        Fixtures.Account acc = Fixtures.account("team", 100_000);
        acc.asService().body(lease("sim-1", 1_000, 2_000)).post(LEASES).then().statusCode(400)
                .contentType("application/problem+json").body("code", is("INVALID_INPUT"), "errors[0].field", is("minimum"));
        acc.asService().body(lease("sim-1", 0, 0)).post(LEASES).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("minimum", "wanted"));
        acc.asService().body(Map.of("wanted", 1_000, "minimum", 1)).post(LEASES).then().statusCode(400)
                .body("errors[0].field", is("model"));
        acc.asService().body(lease("m".repeat(101), 1_000, 1)).post(LEASES).then().statusCode(400)
                .body("errors[0].field", is("model"));
        for (int ttl : new int[]{0, 86_401}) {
            acc.asService().body(Map.of("model", "sim-1", "wanted", 1_000, "minimum", 1, "ttl_seconds", ttl))
                    .post(LEASES).then().statusCode(400).body("errors[0].field", is("ttl_seconds"));
        }
        acc.asKey().body(lease("sim-1", 1_000, 1)).post(LEASES).then().statusCode(403);
        acc.asKey().get("/v1/credits").then().body("reserved", is(0));
    }

    @Test
    void aCloseReleasesWhatWasNotDrawnOnce() {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        String id = grant(acc, 100_000);
        close(acc, id, 100_001).statusCode(400).body("errors[0].field", is("drawn"));
        acc.asService().body(Map.of()).post(LEASES + "/" + id + "/close").then().statusCode(400)
                .body("errors[0].field", is("drawn"));
        close(acc, id, -1).statusCode(400);
        for (int i = 0; i < 2; i++) {
            close(acc, id, 30_000).statusCode(200).body("lease_id", is(id), "status", is("closed"),
                    "amount", is(100_000), "drawn", is(30_000), "settled", is(0),
                    "released_now", is(i == 0 ? 70_000 : 0), "available", is(970_000));
        }
        // a closed lease is answered as it is, whatever the retry says
        close(acc, id, 0).statusCode(200).body("drawn", is(30_000), "released_now", is(0));
        acc.asKey().get("/v1/credits").then().body("balance", is(1_000_000), "reserved", is(30_000));
        acc.asKey().get("/v1/credits/ledger?kind=lease-release").then()
                .body("items.reserved_change", contains(-70_000), "items.note", contains(id));
        // nothing drawn: all of it comes back
        close(acc, grant(acc, 10_000), 0).statusCode(200).body("released_now", is(10_000));
        acc.asKey().get("/v1/credits").then().body("reserved", is(30_000));
    }

    @Test
    void anotherWorkspacesLeaseIsNotFound() {
        Fixtures.Account mine = Fixtures.account("team", 100_000);
        Fixtures.Account theirs = Fixtures.account("team", 100_000);
        String id = grant(theirs, 10_000);
        close(mine, id, 0).statusCode(404).contentType("application/problem+json").body("code", is("LEASE_NOT_FOUND"));
        close(mine, "lease_nope", 0).statusCode(404).body("code", is("LEASE_NOT_FOUND"));
        given().auth().oauth2(TestTokens.newWorkspace().serviceToken()).contentType("application/json")
                .body(Map.of("drawn", 0)).post(LEASES + "/" + id + "/close").then().statusCode(404);
        theirs.asKey().get("/v1/credits").then().body("reserved", is(10_000));
        mine.asKey().get("/v1/credits/ledger").then().body("items.kind", contains("grant"));
        close(theirs, id, 0).statusCode(200).body("released_now", is(10_000));
    }

    @Test
    void concurrentGrantsAndHoldsNeverOverdrawNorExceedTheShare() throws Exception {
        Fixtures.Account acc = Fixtures.account("team", 100_000);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Map.Entry<String, Integer>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                boolean lease = i % 5 < 2;
                calls.add(pool.submit(() -> {
                    var response = lease
                            ? acc.asService().body(lease("sim-1", 10_000, 1_000)).post(LEASES)
                            : acc.asService().body(Map.of("execution_id", "exec-" + UUID.randomUUID(),
                                    "amount", 3_000)).post("/internal/credits/reservations");
                    int held = response.statusCode() == 201
                            ? response.jsonPath().getInt(lease ? "amount" : "reserved") : 0;
                    return Map.entry((lease ? "lease " : "hold ") + response.statusCode(), held);
                }));
            }
            Map<String, Integer> outcomes = new HashMap<>();
            long reserved = 0;
            for (Future<Map.Entry<String, Integer>> call : calls) {
                outcomes.merge(call.get().getKey(), 1, Integer::sum);
                reserved += call.get().getValue();
            }
            assertTrue(List.of("lease 201", "lease 409", "hold 201", "hold 402").containsAll(outcomes.keySet()),
                    outcomes.toString());
            assertTrue(outcomes.getOrDefault("lease 409", 0) > 0 && outcomes.getOrDefault("hold 402", 0) > 0,
                    "the credits ran out: " + outcomes);
            acc.asKey().get("/v1/credits").then().body("balance", is(100_000), "reserved", is((int) reserved),
                    "available", greaterThanOrEqualTo(0));
        } finally {
            pool.shutdown();
        }
        // each lease took at most a quarter of what was available when it was granted
        List<Map<String, Object>> leases = acc.asKey().get("/v1/credits/ledger?kind=lease&limit=100").then()
                .extract().jsonPath().getList("items");
        assertTrue(!leases.isEmpty());
        for (Map<String, Object> entry : leases) {
            long amount = ((Number) entry.get("reserved_change")).longValue();
            long availableBefore = ((Number) entry.get("available_after")).longValue() + amount;
            assertTrue(amount <= availableBefore / 4, entry.toString());
        }
    }

    @Test
    void anOpenLeaseExpiresWholeAndAClosedOneWithWhatWasDrawn() {
        Fixtures.Account acc = Fixtures.account("team", 1_000_000);
        String open = acc.asService().body(Map.of("model", "sim-1", "wanted", 100_000, "minimum", 1, "ttl_seconds", 1))
                .post(LEASES).then().statusCode(201).extract().path("lease_id");
        String closed = acc.asService().body(Map.of("model", "sim-1", "wanted", 50_000, "minimum", 1, "ttl_seconds", 3))
                .post(LEASES).then().statusCode(201).extract().path("lease_id");
        close(acc, closed, 20_000).statusCode(200).body("status", is("closed"), "released_now", is(30_000));
        // a hold of an execution's own is no lease: the sweep leaves it
        hold(acc, 1_000);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                acc.asKey().get("/v1/credits").then().body("balance", is(1_000_000), "reserved", is(1_000)));
        acc.asKey().get("/v1/credits/ledger?kind=lease-expired").then()
                .body("items.reserved_change", containsInAnyOrder(-100_000, -20_000),
                        "items.note", containsInAnyOrder(open, closed));
        // an expired lease is answered as it is
        close(acc, open, 5_000).statusCode(200).body("status", is("expired"), "drawn", nullValue(),
                "released_now", is(0), "available", is(999_000));
        close(acc, closed, 20_000).statusCode(200).body("status", is("expired"), "drawn", is(20_000),
                "released_now", is(0));
        acc.asKey().get("/v1/credits").then().body("reserved", is(1_000));
    }
}
