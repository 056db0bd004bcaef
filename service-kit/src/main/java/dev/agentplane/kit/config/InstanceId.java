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
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(.+)-[0-9a-f]{8}");
    private static final String VALUE = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
            .map(h -> h.length() > 60 ? h.substring(0, 60) : h).orElse("local")
            + "-" + UUID.randomUUID().toString().substring(0, 8);

    /**
     * The host part of an instance id: the same for every start of one replica (a pod restarted in place, an
     * instance bin/restart started again), so a new process can tell its own previous incarnation's records.
     */
    public static Optional<String> hostOf(String instanceId) {
        var m = NAME.matcher(instanceId == null ? "" : instanceId);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

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
