package dev.agentplane.attachments;

import dev.agentplane.kit.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The 50 MiB limit (streamed, nothing kept on refusal), the heap it costs, and the tier quota. */
@QuarkusTest
class LimitsTest {
    private static final Logger LOG = Logger.getLogger(LimitsTest.class);
    private static final long MIB = 1024 * 1024;
    private static final Path UPLOADS = Path.of("target/test-uploads");
    private static final Path STORAGE = Path.of("target/test-storage");
    private static Path exactly50;
    private static Path oneByteMore;

    private final TestTokens.Workspace ws = TestTokens.newWorkspace();

    @TestHTTPResource("/")
    java.net.URL root;
    private int port;

    @org.junit.jupiter.api.BeforeEach
    void port() {
        port = root.getPort();
    }

    @BeforeAll
    static void makeFiles() throws IOException {
        exactly50 = pngOfSize(50 * MIB);
        oneByteMore = pngOfSize(50 * MIB + 1);
    }

    @AfterAll
    static void removeFiles() throws IOException {
        for (Path p : new Path[]{exactly50, oneByteMore}) {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void fiftyMibIsAcceptedWithoutRaisingTheHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        given().auth().oauth2(ws.token()).multiPart("file", exactly50.toFile(), "image/png")
                .when().post("/v1/attachments").then().statusCode(201)
                .body("size", is((int) (50 * MIB)), "content_type", is("image/png"));
        long after = usedHeapAfterGc(memory);
        LOG.infof("heap used before a 50 MiB upload: %d KiB, after: %d KiB (delta %d KiB)", before / 1024,
                after / 1024, (after - before) / 1024);
        assertTrue(after - before < 8 * MIB, "heap grew by " + (after - before) / 1024 + " KiB");
    }

    @Test
    void fiftyMibAndOneByteIs413AndLeavesNothingOnDisk() {
        given().auth().oauth2(ws.token()).multiPart("file", oneByteMore.toFile(), "image/png")
                .when().post("/v1/attachments").then().statusCode(413)
                .contentType("application/problem+json").body("code", is("PAYLOAD_TOO_LARGE"), "max_bytes", is((int) (50 * MIB)));
        assertNothingLeftFor(ws.workspaceId());
    }

    @Test
    void aBodyOverTheHttpLimitIsAProblem413() throws IOException {
        // the server answers before the body is sent and closes the connection, so an ordinary client
        // only sees a broken pipe: speak HTTP by hand to read the answer
        String response = RawHttp.post(port, "/v1/attachments", ws.token(), 60 * MIB, 64 * 1024);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), response);
        assertNothingLeftFor(ws.workspaceId());
    }

    @Test
    void aChunkedBodyOverTheHttpLimitIs413AndLeavesNothing() throws IOException {
        // Quarkus REST's multipart reader stops a chunked body at the limit and answers 413 itself, with an
        // empty body (no hook to render problem+json there); the gateway refuses such bodies before us
        String response = RawHttp.postChunked(port, "/v1/attachments", ws.token(), 53 * MIB);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertNothingLeftFor(ws.workspaceId());
    }

    @Test
    void theTierQuotaIsEnforced() {
        String free = Jwt.subject("u").groups(Set.of("workspace")).claim("tenant", ws.tenantId())
                .claim("workspace", ws.workspaceId()).claim("tier", "free").expiresIn(600).sign();
        byte[] forty = TestFiles.text("a".repeat(40 * 1024));
        Api.upload(free, "first.txt", forty).statusCode(201);
        Api.upload(free, "second.txt", forty).statusCode(413).contentType("application/problem+json")
                .body("code", is("QUOTA_EXCEEDED"), "quota_bytes", is(64 * 1024), "used_bytes", is(40 * 1024),
                        "detail", containsString("free"));
        // the same workspace on a larger tier may go on
        Api.upload(ws.token(), "second.txt", forty).statusCode(201);
        given().auth().oauth2(free).when().get("/v1/attachments").then().body("pagination.total", is(2));
    }

    private static void assertNothingLeftFor(String workspaceId) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(0, filesIn(UPLOADS), "temporary uploads left behind");
            assertEquals(0, filesIn(STORAGE.resolve("attachments").resolve(workspaceId)), "stored bytes left behind");
        });
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A PNG signature followed by zeros (a sparse file: quick to make, real bytes when read). */
    private static Path pngOfSize(long size) throws IOException {
        Path file = Files.createTempFile(Path.of("target"), "big-", ".png");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(TestFiles.png());
            raf.setLength(size);
        }
        return file;
    }
}
