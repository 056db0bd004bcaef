package dev.agentplane.console.session;

/** No session, or one the API no longer accepts: the page answers with the sign-in form. */
public class SignInRequired extends RuntimeException {
    public SignInRequired() {
        super("sign-in required", null, false, false);
    }
}
