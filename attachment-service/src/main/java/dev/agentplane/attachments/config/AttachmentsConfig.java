package dev.agentplane.attachments.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the attachment service reads from configuration ({@code agentplane.attachments.*}). */
@ConfigMapping(prefix = "agentplane.attachments")
public interface AttachmentsConfig {

    /** Largest accepted file (the bytes of the file part, not the multipart body). */
    @WithDefault("50M")
    MemorySize maxBytes();

    /** Base of the signed URLs handed out (the gateway's public address). */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** HMAC key for signed URLs; when absent a random one is made at start (single replica only). */
    Optional<String> signingKey();

    @WithDefault("PT1H")
    Duration signedUrlTtl();

    /** Bytes of storage a workspace may hold, by tier; tiers not listed get {@code quota.default}. */
    Map<String, MemorySize> quota();

    Storage storage();

    Text text();

    Cleanup cleanup();

    Fetch fetch();

    /** Where the bytes live. */
    interface Storage {
        /** {@code filesystem} (default) or {@code s3}. */
        @WithDefault("filesystem")
        String type();

        @WithDefault("${AGENTPLANE_RUN_DIR:/tmp}/attachments")
        String root();

        S3 s3();
    }

    /** An S3-compatible bucket (AWS, MinIO, Ceph, R2, ...). */
    interface S3 {
        @WithDefault("agentplane-attachments")
        String bucket();

        @WithDefault("us-east-1")
        String region();

        /** Endpoint override for S3-compatible stores; empty means AWS. */
        Optional<String> endpoint();

        @WithDefault("true")
        boolean pathStyle();

        /** Static credentials; without them the SDK's default provider chain is used. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    /** Text extraction limits. */
    interface Text {
        @WithDefault("200000")
        int maxChars();

        @WithDefault("300")
        int maxPdfPages();
    }

    /** Removal of uploads nothing referenced. */
    interface Cleanup {
        @WithDefault("P7D")
        Duration retention();

        @WithDefault("1h")
        String every();

        @WithDefault("500")
        int batch();
    }

    /** Fetching external image URLs on behalf of the execution service. */
    interface Fetch {
        @WithDefault("20M")
        MemorySize maxBytes();

        @WithDefault("PT10S")
        Duration timeout();

        @WithDefault("3")
        int maxRedirects();

        /** CIDR ranges an operator allows despite the SSRF rules (e.g. an internal image host). */
        Optional<List<String>> allowedCidrs();
    }
}
