package dev.agentplane.execution.tools;

import dev.agentplane.execution.tools.toolkit.RiskLevel;

/**
 * What an agent may call unattended (seed 002's maturity levels under the graduation policy): methods up to
 * {@code maxRisk} (null: any); a call above it waits for approval, or with {@code deny} is refused as
 * GOVERNANCE_VIOLATION. {@code level} names the maturity level in the reasons.
 */
public record Governance(String level, RiskLevel maxRisk, boolean deny) {
    public static final Governance NONE = new Governance(null, null, false);

    public boolean above(RiskLevel risk) {
        return maxRisk != null && risk != null && risk.ordinal() > maxRisk.ordinal();
    }
}
