package dev.agentplane.attachments.quota;

import dev.agentplane.attachments.config.AttachmentsConfig;
import dev.agentplane.kit.error.ApiException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Storage each tier may hold (configuration data: {@code agentplane.attachments.quota.<tier>}). */
@ApplicationScoped
public class QuotaPolicy {
    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    private static final long FALLBACK = 100L * 1024 * 1024;

    @Inject
    AttachmentsConfig config;

    public long quotaBytes(String tier) {
        Map<String, MemorySize> quota = config.quota();
        String name = tier == null ? "default" : tier.toLowerCase(Locale.ROOT);
        MemorySize size = quota.getOrDefault(name, quota.get("default"));
        return size == null ? FALLBACK : size.asLongValue();
    }

    /** 413 QUOTA_EXCEEDED when adding {@code adding} bytes to {@code used} goes over the tier's quota. */
    public void check(String tier, long used, long adding) {
        long quota = quotaBytes(tier);
        if (used + adding > quota) {
            throw new ApiException(413, QUOTA_EXCEEDED,
                    "This upload would take the workspace's storage to " + (used + adding) + " bytes; the "
                            + (tier == null ? "default" : tier) + " tier allows " + quota + " bytes. Delete attachments "
                            + "or move to a larger tier.",
                    List.of(), Map.of("quota_bytes", quota, "used_bytes", used, "upload_bytes", adding));
        }
    }
}
