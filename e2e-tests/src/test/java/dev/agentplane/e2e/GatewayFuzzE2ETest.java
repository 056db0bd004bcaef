package dev.agentplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplane.e2e.support.Platform;
import dev.agentplane.kit.testing.EndpointFuzz;
import io.restassured.RestAssured;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 24's fuzz through the gateway: every write operation (POST, PUT, PATCH, DELETE) of every service's OpenAPI
 * document — /v1 and the seed compatibility routes (/api, /v2, the root /agents and /executions routes) alike — gets
 * the kit's {@link EndpointFuzz} inputs (NUL, unpaired surrogates, duplicate keys, each wrong JSON type per member,
 * nesting 3,000 deep, 70,000-char strings, foreign content types) as a client sends them: through nginx, with an API
 * key (the operator's on /v1/admin). No answer is 5xx, none names a class or a library, none takes 10 s, and a /v1
 * refusal is problem+json (compatibility routes answer in their own envelope). The services' own FuzzTests send the
 * same to one service in-process; this one proves the gateway and the deployed configuration change nothing.
 * Internal routes are not routed by the gateway and are left out.
 */
class GatewayFuzzE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The services whose documents list the routes (replica 1 of each; /q/openapi is not routed by the gateway). */
    private static final List<Integer> SERVICES = List.of(8181, 8182, 8183, 8184, 8185, 8186);

    @TestFactory
    Stream<DynamicTest> everyWriteEndpointRefusesBadInputCleanly() throws Exception {
        Platform.Workspace ws = Platform.newWorkspace("enterprise", Platform.DEFAULT_CREDITS);
        String operator = Platform.operatorKey();
        List<DynamicTest> all = new java.util.ArrayList<>();
        for (int port : SERVICES) {
            JsonNode doc = JSON.readTree(RestAssured.given().baseUri("http://127.0.0.1:" + port).accept("application/json")
                    .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
            EndpointFuzz.throughGateway(Platform.url(), doc, path -> path.startsWith("/v1/admin") ? operator : ws.apiKey())
                    .only(operation -> !operation.startsWith("GET ") && !operation.contains(" /internal/")
                            && !operation.contains(" /q/"))
                    .tests().forEach(all::add);
        }
        // the operations are fuzzed four at a time (one after another they took 4.5 minutes); each dynamic test
        // reports its own operation's answers
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, Future<Throwable>> results = new LinkedHashMap<>();
        for (DynamicTest test : all) {
            results.put(test.getDisplayName(), pool.submit(() -> {
                try {
                    test.getExecutable().execute();
                    return null;
                } catch (Throwable failed) {
                    return failed;
                }
            }));
        }
        pool.shutdown();
        return results.entrySet().stream().map(result -> DynamicTest.dynamicTest(result.getKey(), () -> {
            Throwable failed = result.getValue().get(10, TimeUnit.MINUTES);
            if (failed != null) {
                throw failed;
            }
        }));
    }
}
