package dev.agentplane.kit.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code agentplane.instance-id}: a name for this process that no other process has — the host name (the
 * pod name on Kubernetes) and a random suffix, new at every start. Consumers that every replica must read
 * (cache evictions) take their Kafka group from it, and execution-service names its runs' replica with it.
 * The lowest ordinal: a setting of the same key wins.
 */
public class InstanceId implements ConfigSource {
    public static final String KEY = "agentplane.instance-id";
    private static final String VALUE = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
            .map(h -> h.length() > 60 ? h.substring(0, 60) : h).orElse("local")
            + "-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, VALUE);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? VALUE : null;
    }

    @Override
    public String getName() {
        return "agentplane-instance-id";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
