package dev.agentplane.execution.secret;

import dev.agentplane.execution.keys.Aead;
import dev.agentplane.execution.keys.DataKeys;
import dev.agentplane.kit.auth.Caller;
import dev.agentplane.kit.data.Page;
import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.error.FieldError;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The use cases behind {@code /v1/secrets}; every read and write is scoped to the caller's workspace. */
@ApplicationScoped
public class SecretService {
    /** What {@code {{secrets.NAME}}} may name (agent-registry checks the same rule). */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");
    static final int MAX_VALUE = 8192;
    static final int MAX_PER_WORKSPACE = 100;

    @Inject
    SecretRepository secrets;
    @Inject
    DataKeys dataKeys;

    @Transactional
    public SecretViews.Secret create(Caller caller, SecretViews.SecretRequest body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.name() == null || !NAME.matcher(body.name()).matches()) {
            errors.add(new FieldError("name", "must match " + NAME.pattern()));
        }
        checkValue(body == null ? null : body.value(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The secret is not valid.", errors);
        }
        String workspace = caller.workspaceId();
        if (secrets.named(workspace, body.name()).isPresent()) {
            throw SecretErrors.SECRET_EXISTS.error("name", "another secret of this workspace is named '"
                    + body.name() + "'; PATCH it to change its value");
        }
        if (secrets.count("workspaceId", workspace) >= MAX_PER_WORKSPACE) {
            throw SecretErrors.SECRET_LIMIT_REACHED.error("A workspace may have " + MAX_PER_WORKSPACE
                    + " secrets; delete one first.");
        }
        Instant now = Instant.now();
        WorkspaceSecret s = new WorkspaceSecret();
        s.id = "sec_" + UUID.randomUUID().toString().replace("-", "");
        s.workspaceId = workspace;
        s.name = body.name();
        s.createdAt = now;
        s.updatedAt = now;
        seal(s, body.value());
        secrets.persist(s);
        return SecretViews.Secret.of(s);
    }

    @Transactional
    public Page<SecretViews.Secret> list(Caller caller, PageRequest page) {
        return Page.of(secrets.findInWorkspace(caller.workspaceId(), "", page.toSort(f -> "createdAt"),
                new Parameters()), page, SecretViews.Secret::of);
    }

    @Transactional
    public SecretViews.Secret get(Caller caller, String id) {
        return SecretViews.Secret.of(secrets.require(caller.workspaceId(), id));
    }

    /** Replaces the value (a rotation); the name stays, since agents' headers name it. */
    @Transactional
    public SecretViews.Secret update(Caller caller, String id, SecretViews.SecretRequest body) {
        WorkspaceSecret s = secrets.require(caller.workspaceId(), id);
        List<FieldError> errors = new ArrayList<>();
        if (body != null && body.name() != null && !body.name().equals(s.name)) {
            errors.add(new FieldError("name", "cannot change: agents' headers name the secret by it"));
        }
        checkValue(body == null ? null : body.value(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The change is not valid.", errors);
        }
        seal(s, body.value());
        s.updatedAt = Instant.now();
        return SecretViews.Secret.of(s);
    }

    @Transactional
    public void delete(Caller caller, String id) {
        secrets.require(caller.workspaceId(), id).delete();
    }

    private void seal(WorkspaceSecret s, String value) {
        SecretKeySpec dataKey;
        try {
            dataKey = dataKeys.forWriting(s.workspaceId);
        } catch (DataKeys.Unavailable e) {
            throw SecretErrors.SECRETS_UNAVAILABLE.error(e.getMessage());
        }
        s.valueCiphertext = Aead.seal(dataKey, value.getBytes(StandardCharsets.UTF_8),
                WorkspaceSecret.associated(s.workspaceId, s.id));
        s.valueHint = value.length() < 16 ? "****" : "****" + value.substring(value.length() - 4);
    }

    /** One line of printable text: a secret ends up in an HTTP header, where a line break would inject another. */
    private static void checkValue(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE
                || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            errors.add(new FieldError("value", "is required: 1-" + MAX_VALUE
                    + " characters on one line, without control characters"));
        }
    }
}
