package dev.agentplane.execution.tools.ledger;

import dev.agentplane.kit.error.ApiException;

import java.util.Map;

/**
 * A non-idempotent call was found {@code running} in the ledger: a previous attempt started it and never
 * recorded how it ended (a crash), so nobody knows whether it took effect. Running it again could do it twice;
 * the engine turns it into an approval: a person says whether it runs again ({@code ToolLedger#rerun}) or is skipped.
 */
public class ToolInDoubtException extends ApiException {
    public static final String CODE = "TOOL_IN_DOUBT";

    private final String toolCallId;
    private final String tool;

    public ToolInDoubtException(String toolCallId, String tool) {
        super(409, CODE, "The call '" + toolCallId + "' of tool '" + tool + "' was interrupted and may have taken "
                        + "effect; it is not idempotent, so it is not run again.", java.util.List.of(),
                Map.of("tool_call_id", toolCallId, "tool", tool));
        this.toolCallId = toolCallId;
        this.tool = tool;
    }

    public String toolCallId() {
        return toolCallId;
    }

    public String tool() {
        return tool;
    }
}
