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

    /**
     * The text at a key location as SmallRye reads it: a file path (plain or {@code file:}) or a class-path resource
     * ({@code classpath:} or a bare name); null when there is nothing there. (KeyUtils.readPublicKey reads the class
     * path only, so a plain file path — what bin/up, Compose and Kubernetes give — looked unloadable.)
     */
    static String read(String location) throws java.io.IOException {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        if (!location.startsWith("classpath:") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        try (java.io.InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
            return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A problem with the key given inline as {@code name} or by {@code name.location}, if any. */
    private Optional<String> key(String name, boolean publicKey) {
        Optional<String> location = config.getOptionalValue(name + ".location", String.class);
        Optional<String> inline = config.getOptionalValue(name, String.class);
        String setting = location.isPresent() ? name + ".location" : name;
        try {
            if (location.isPresent()) {
                String pem = read(location.get());
                if (pem == null) {
                    return Optional.of(setting + " cannot be loaded");
                }
                Object key = publicKey ? KeyUtils.decodePublicKey(pem) : KeyUtils.decodePrivateKey(pem);
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
