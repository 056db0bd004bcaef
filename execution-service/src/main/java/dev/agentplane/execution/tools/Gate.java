package dev.agentplane.execution.tools;

/**
 * Whether a call the model asked for may run unattended: {@code RUN}; {@code APPROVE}, it waits for a person's
 * decision (the method requires confirmation, or it is above the agent's maturity level); {@code DENY}, it is
 * refused to the model (governance: deny). {@code reason} says why, in words a reviewer reads.
 */
public record Gate(Verdict verdict, String reason) {
    public enum Verdict { RUN, APPROVE, DENY }

    public static final Gate RUN = new Gate(Verdict.RUN, null);

    public static Gate approve(String reason) {
        return new Gate(Verdict.APPROVE, reason);
    }

    public static Gate deny(String reason) {
        return new Gate(Verdict.DENY, reason);
    }
}
