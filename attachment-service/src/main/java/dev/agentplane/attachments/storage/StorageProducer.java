package dev.agentplane.attachments.storage;

import dev.agentplane.attachments.config.AttachmentsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/** Chooses the storage backend from {@code agentplane.attachments.storage.type}. */
@ApplicationScoped
public class StorageProducer {
    private static final Logger LOG = Logger.getLogger(StorageProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStorage storage(AttachmentsConfig config) {
        AttachmentsConfig.Storage storage = config.storage();
        return switch (storage.type()) {
            case "filesystem" -> {
                try {
                    FileSystemStorage fs = new FileSystemStorage(Path.of(storage.root()));
                    LOG.infof("attachments stored on the filesystem under %s", fs.root());
                    yield fs;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the storage root " + storage.root(), e);
                }
            }
            case "s3" -> {
                LOG.infof("attachments stored in S3 bucket %s", storage.s3().bucket());
                yield new S3Storage(s3Client(storage.s3()), storage.s3().bucket());
            }
            default -> throw new IllegalArgumentException(
                    "agentplane.attachments.storage.type must be filesystem or s3, not " + storage.type());
        };
    }

    /** An S3 client for AWS or any S3-compatible store; public so that tests can build one for WireMock. */
    public static S3Client s3Client(AttachmentsConfig.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                // S3-compatible stores differ in checksum support: only send/check what the API requires
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s3.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
        if (s3.accessKeyId().isPresent() && s3.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId().get(), s3.secretAccessKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
