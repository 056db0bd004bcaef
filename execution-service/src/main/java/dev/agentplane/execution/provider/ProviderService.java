package dev.agentplane.execution.provider;

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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The use cases behind {@code /v1/providers}; every read and write is scoped to the caller's workspace. */
@ApplicationScoped
public class ProviderService {
    static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");
    static final int MAX_KEY = 1000;
    static final int MAX_URL = 2048;
    static final int MAX_ORGANIZATION = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CredentialRepository credentials;
    @Inject
    DataKeys dataKeys;
    @Inject
    BaseUrlGuard guard;
    @Inject
    CredentialsConfig config;
    @Inject
    OperatorProviders operators;

    @Transactional
    public ProviderViews.Credential create(Caller caller, ProviderViews.CredentialRequest body) {
        if (body == null) {
            throw ApiException.invalid("A body {provider, name, api_key} is required.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        if (body.provider() == null || !ProviderKinds.ALL.contains(body.provider())) {
            errors.add(new FieldError("provider", "must be one of " + ProviderKinds.ALL));
        }
        if (body.name() == null || !NAME.matcher(body.name()).matches()) {
            errors.add(new FieldError("name", "must match " + NAME.pattern()));
        } else if (operators.serves(body.name(), caller.tier())) {
            errors.add(new FieldError("name", "is the platform's own provider '" + body.name() + "', which agents naming"
                    + " it run on: a credential of that name would never be used; choose another name"));
        }
        checkKey(body.apiKey(), true, errors);
        checkOrganization(body.organization(), errors);
        if ("openai_compatible".equals(body.provider()) && (body.baseUrl() == null || body.baseUrl().isBlank())) {
            errors.add(new FieldError("base_url", "is required for openai_compatible"));
        }
        checkUrlLength(body.baseUrl(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The provider credential is not valid.", errors);
        }
        String baseUrl = guard.check(body.baseUrl() != null && !body.baseUrl().isBlank() ? body.baseUrl()
                : ProviderKinds.DEFAULT_BASE_URL.get(body.provider()));
        String workspace = caller.workspaceId();
        if (credentials.named(workspace, body.name()).isPresent()) {
            throw ProviderErrors.PROVIDER_CREDENTIAL_EXISTS.error("name", "another credential of this workspace is"
                    + " named '" + body.name() + "'");
        }
        if (credentials.count("workspaceId", workspace) >= config.maxPerWorkspace()) {
            throw ProviderErrors.PROVIDER_CREDENTIAL_LIMIT_REACHED.error("A workspace may have "
                    + config.maxPerWorkspace() + " provider credentials; delete one first.");
        }
        Instant now = Instant.now();
        ProviderCredential c = new ProviderCredential();
        c.id = "prv_" + random();
        c.workspaceId = workspace;
        c.name = body.name();
        c.provider = body.provider();
        c.baseUrl = baseUrl;
        c.organization = blankToNull(body.organization());
        c.revision = 1;
        c.createdAt = now;
        c.updatedAt = now;
        seal(c, body.apiKey());
        credentials.persist(c);
        return ProviderViews.Credential.of(c);
    }

    @Transactional
    public Page<ProviderViews.Credential> list(Caller caller, PageRequest page) {
        return Page.of(credentials.findInWorkspace(caller.workspaceId(), "", page.toSort(f -> "createdAt"),
                new Parameters()), page, ProviderViews.Credential::of);
    }

    @Transactional
    public ProviderViews.Credential get(Caller caller, String id) {
        return ProviderViews.Credential.of(credentials.require(caller.workspaceId(), id));
    }

    /** Changes the base URL or organization, or rotates the key; the name and provider stay (agents name them). */
    @Transactional
    public ProviderViews.Credential update(Caller caller, String id, ProviderViews.CredentialRequest body) {
        ProviderCredential c = credentials.require(caller.workspaceId(), id);
        if (body == null) {
            throw ApiException.invalid("A body is required.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        if (body.provider() != null && !body.provider().equals(c.provider)) {
            errors.add(new FieldError("provider", "cannot change; register another credential"));
        }
        if (body.name() != null && !body.name().equals(c.name)) {
            errors.add(new FieldError("name", "cannot change: agents name the credential by it"));
        }
        checkKey(body.apiKey(), false, errors);
        checkOrganization(body.organization(), errors);
        checkUrlLength(body.baseUrl(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The change is not valid.", errors);
        }
        if (body.baseUrl() != null) {
            c.baseUrl = guard.check(body.baseUrl().isBlank() && ProviderKinds.DEFAULT_BASE_URL.containsKey(c.provider)
                    ? ProviderKinds.DEFAULT_BASE_URL.get(c.provider) : body.baseUrl());
        }
        if (body.organization() != null) {
            c.organization = blankToNull(body.organization());
        }
        if (body.apiKey() != null) {
            seal(c, body.apiKey());
        }
        c.revision++;
        c.updatedAt = Instant.now();
        return ProviderViews.Credential.of(c);
    }

    @Transactional
    public ProviderViews.Known known(Caller caller, String name) {
        ProviderCredential c = credentials.named(caller.workspaceId(), name).orElseThrow(() ->
                ProviderErrors.PROVIDER_CREDENTIAL_NOT_FOUND.error("No provider credential '" + name
                        + "' exists in this workspace."));
        return new ProviderViews.Known(c.name, c.provider);
    }

    @Transactional
    public void delete(Caller caller, String id) {
        credentials.require(caller.workspaceId(), id).delete();
    }

    private void seal(ProviderCredential c, String apiKey) {
        SecretKeySpec dataKey;
        try {
            dataKey = dataKeys.forWriting(c.workspaceId);
        } catch (DataKeys.Unavailable e) {
            throw ProviderErrors.PROVIDER_CREDENTIALS_UNAVAILABLE.error(e.getMessage());
        }
        c.keyCiphertext = Aead.seal(dataKey, apiKey.getBytes(StandardCharsets.UTF_8),
                ProviderCredential.associated(c.workspaceId, c.id));
        c.keyHint = hint(apiKey);
    }

    /** A few characters of each end of a long key ("sk-…wxyz"); nothing of a short one. */
    static String hint(String key) {
        if (key.length() < 16) {
            return "…";
        }
        return key.substring(0, 3) + "…" + key.substring(key.length() - 4);
    }

    private static void checkKey(String key, boolean required, List<FieldError> errors) {
        if (key == null) {
            if (required) {
                errors.add(new FieldError("api_key", "is required"));
            }
            return;
        }
        if (key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            errors.add(new FieldError("api_key", "must be 1-" + MAX_KEY + " printable characters without spaces"));
        }
    }

    private static void checkOrganization(String organization, List<FieldError> errors) {
        if (organization != null && (organization.length() > MAX_ORGANIZATION
                || !organization.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f))) {
            errors.add(new FieldError("organization", "must be at most " + MAX_ORGANIZATION + " printable characters"));
        }
    }

    private static void checkUrlLength(String url, List<FieldError> errors) {
        if (url != null && url.length() > MAX_URL) {
            errors.add(new FieldError("base_url", "must be at most " + MAX_URL + " characters"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String random() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            c[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}
