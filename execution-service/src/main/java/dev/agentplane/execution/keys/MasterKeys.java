package dev.agentplane.execution.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's master keys by id (a fingerprint, so rows name the key that wrapped them without revealing it). */
@ApplicationScoped
public class MasterKeys {
    private final SecretKeySpec current;
    private final String currentId;
    private final Map<String, SecretKeySpec> byId = new LinkedHashMap<>();

    @Inject
    public MasterKeys(KeysConfig config) {
        this(config.masterKey().orElse(null), config.otherMasterKeys().orElse(List.of()));
    }

    public MasterKeys(String master, List<String> others) {
        this.current = master == null || master.isBlank() ? null : key(master);
        this.currentId = current == null ? null : id(current);
        if (current != null) {
            byId.put(currentId, current);
        }
        for (String other : others) {
            if (other != null && !other.isBlank()) {
                SecretKeySpec key = key(other);
                byId.putIfAbsent(id(key), key);
            }
        }
    }

    public boolean configured() {
        return current != null;
    }

    public String currentId() {
        return currentId;
    }

    public SecretKeySpec current() {
        return current;
    }

    /** Every configured key's id, the current one first. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    public Optional<SecretKeySpec> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agentplane.credentials master keys must be base64 of 32 bytes");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("agentplane.credentials master keys must be 32 bytes (base64), not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public static String id(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("agentplane-master-key:" + Base64.getEncoder().encodeToString(key.getEncoded()))
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
