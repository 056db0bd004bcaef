package dev.agentplane.kit.config;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Not ready while a setting every request depends on is missing or cannot be loaded: the JWT keys (SmallRye reads
 * a key location only at the first token, so a replica without them started, reported ready and answered 503 to
 * everything) and, in production, the API-key cache's MAC key. The answer names the setting, never its value.
 */
@Readiness
@ApplicationScoped
public class RequiredSettings implements HealthCheck {
    public static final String CACHE_MAC_KEY = "agentplane.api-key.cache-mac-key";
    static final int MIN_MAC_KEY_LENGTH = 32;

    @Inject
    Config config;

    boolean production = LaunchMode.current() == LaunchMode.NORMAL;
    private volatile boolean keysLoaded;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = problems();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("required-settings");
        return problems.isEmpty() ? answer.up().build() : answer.down().withData("error", String.join("; ", problems)).build();
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!keysLoaded) {
            key("mp.jwt.verify.publickey", true).ifPresent(problems::add);
            key("smallrye.jwt.sign.key", false).ifPresent(problems::add);
            // once loaded they stay loaded: SmallRye keeps what it read
            keysLoaded = problems.isEmpty();
        }
        if (production) {
            Optional<String> macKey = config.getOptionalValue(CACHE_MAC_KEY, String.class);
            if (macKey.isEmpty() || macKey.get().strip().length() < MIN_MAC_KEY_LENGTH) {
                problems.add(CACHE_MAC_KEY + " is not set (at least " + MIN_MAC_KEY_LENGTH + " characters)");
            }
        }
        return problems;
    }

    /** A problem with the key given inline as {@code name} or by {@code name.location}, if any. */
    private Optional<String> key(String name, boolean publicKey) {
        Optional<String> location = config.getOptionalValue(name + ".location", String.class);
        Optional<String> inline = config.getOptionalValue(name, String.class);
        String setting = location.isPresent() ? name + ".location" : name;
        try {
            if (location.isPresent()) {
                Object key = publicKey ? KeyUtils.readPublicKey(location.get()) : KeyUtils.readPrivateKey(location.get());
                return key == null ? Optional.of(setting + " holds no key") : Optional.empty();
            }
            if (inline.isPresent()) {
                Object key = publicKey ? KeyUtils.decodePublicKey(inline.get()) : KeyUtils.decodePrivateKey(inline.get());
                return key == null ? Optional.of(setting + " holds no key") : Optional.empty();
            }
            return Optional.of(name + ".location is not set");
        } catch (Exception e) {
            return Optional.of(setting + " cannot be loaded");
        }
    }
}
