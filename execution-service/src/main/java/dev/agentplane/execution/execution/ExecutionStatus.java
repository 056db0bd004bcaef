package dev.agentplane.execution.execution;

import java.util.Locale;
import java.util.Set;

/**
 * The execution state machine. pending → in_progress → completed | failed; in_progress may suspend to
 * awaiting_client_tool / awaiting_approval / waiting_for_external_event (client tools, approvals and human gates,
 * external events) and resume to in_progress;
 * any non-terminal status may become cancelled.
 */
public enum ExecutionStatus {
    PENDING, IN_PROGRESS, AWAITING_CLIENT_TOOL, AWAITING_APPROVAL, WAITING_FOR_EXTERNAL_EVENT, COMPLETED, FAILED,
    CANCELLED;

    public static final Set<String> ACTIVE = Set.of("pending", "in_progress", "awaiting_client_tool", "awaiting_approval",
            "waiting_for_external_event");

    /** Waiting for answers (client tools, approvals): holds no thread, resumes on the answer that closes the last. */
    public static final Set<String> SUSPENDED = Set.of("awaiting_client_tool", "awaiting_approval",
            "waiting_for_external_event");

    public static boolean isSuspended(String status) {
        return SUSPENDED.contains(status);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static boolean isActive(String status) {
        return ACTIVE.contains(status);
    }
}
