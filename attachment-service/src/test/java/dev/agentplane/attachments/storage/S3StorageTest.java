package dev.agentplane.attachments.storage;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentplane.attachments.config.AttachmentsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.*;

/** The S3 backend at the wire: path-style requests to an S3-compatible endpoint, signed with SigV4. */
class S3StorageTest {
    private static final String KEY = "attachments/ws_1/abc.txt";
    private static final String OBJECT = "/bucket-1/" + KEY;
    private static WireMockServer s3;
    private static S3Storage storage;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        s3 = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        s3.start();
        storage = new S3Storage(StorageProducer.s3Client(config(s3.baseUrl())), "bucket-1");
    }

    @BeforeEach
    void reset() {
        s3.resetAll();
    }

    @AfterAll
    static void stop() {
        s3.stop();
    }

    @Test
    void putStreamsTheFileToTheBucket() throws Exception {
        s3.stubFor(put(OBJECT).willReturn(ok().withHeader("ETag", "\"e\"")));
        Path file = Files.writeString(dir.resolve("a.txt"), "hello s3");
        storage.put(KEY, file, "text/plain");
        s3.verify(putRequestedFor(urlEqualTo(OBJECT))
                .withHeader("Content-Type", WireMock.equalTo("text/plain"))
                .withHeader("Authorization", WireMock.containing("AWS4-HMAC-SHA256 Credential=test-key/"))
                // over plain http the SDK signs the body chunk by chunk (aws-chunked): it streams
                .withHeader("x-amz-decoded-content-length", WireMock.equalTo("8"))
                .withRequestBody(WireMock.containing("hello s3")));
    }

    @Test
    void openReadsTheObjectAndMissingObjectsAreNoSuchFile() throws Exception {
        s3.stubFor(get(OBJECT).willReturn(ok().withBody("stored bytes")));
        try (InputStream in = storage.open(KEY)) {
            assertEquals("stored bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        s3.stubFor(get("/bucket-1/attachments/ws_1/gone.txt").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>NoSuchKey</Code><Message>none</Message></Error>")));
        assertThrows(NoSuchFileException.class, () -> storage.open("attachments/ws_1/gone.txt"));
    }

    @Test
    void deleteAndExists() throws Exception {
        s3.stubFor(delete(OBJECT).willReturn(noContent()));
        s3.stubFor(head(urlEqualTo(OBJECT)).willReturn(ok()));
        s3.stubFor(head(urlEqualTo("/bucket-1/nope")).willReturn(notFound()));
        storage.delete(KEY);
        s3.verify(deleteRequestedFor(urlEqualTo(OBJECT)));
        assertTrue(storage.exists(KEY));
        assertFalse(storage.exists("nope"));
    }

    @Test
    void serverErrorsBecomeIoExceptions() {
        s3.stubFor(put(OBJECT).willReturn(aResponse().withStatus(403).withBody(
                "<Error><Code>AccessDenied</Code><Message>no</Message></Error>")));
        assertThrows(java.io.IOException.class, () -> storage.put(KEY, Files.writeString(dir.resolve("b"), "x"),
                "text/plain"));
    }

    private static AttachmentsConfig.S3 config(String endpoint) {
        return new AttachmentsConfig.S3() {
            public String bucket() { return "bucket-1"; }
            public String region() { return "us-east-1"; }
            public Optional<String> endpoint() { return Optional.of(endpoint); }
            public boolean pathStyle() { return true; }
            public Optional<String> accessKeyId() { return Optional.of("test-key"); }
            public Optional<String> secretAccessKey() { return Optional.of("test-secret"); }
        };
    }
}
