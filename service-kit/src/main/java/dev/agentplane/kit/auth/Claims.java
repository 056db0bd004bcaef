package dev.agentplane.kit.auth;

/** The custom claims Agentplane puts in its JWTs, beside sub, iss, aud, exp and groups. */
public final class Claims {
    public static final String TENANT = "tenant";
    public static final String WORKSPACE = "workspace";
    public static final String TIER = "tier";
    public static final String AGENTS = "agents";
    public static final String KEY_ID = "kid_ref";

    private Claims() {
    }
}
