package dev.agentplane.kit.auth;

/** The roles a credential can carry; endpoints name them in {@code @RolesAllowed}. */
public final class Scopes {
    /** Everything inside one workspace (a {@code wak_} key or a token exchanged for one). */
    public static final String WORKSPACE = "workspace";
    /** Execute agents and use conversations only (an {@code eak_} key). */
    public static final String EXECUTE = "execute";
    /** The platform operator: tenants, workspaces, grants. */
    public static final String ADMIN = "admin";
    /** Another Agentplane service calling on behalf of a workspace. */
    public static final String SERVICE = "service";

    private Scopes() {
    }
}
