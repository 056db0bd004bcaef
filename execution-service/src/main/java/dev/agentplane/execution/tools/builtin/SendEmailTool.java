package dev.agentplane.execution.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplane.execution.tools.ToolCall;
import dev.agentplane.execution.tools.ToolContext;
import dev.agentplane.execution.tools.ToolResult;
import dev.agentplane.execution.tools.ToolsConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code send_email}: one plain-text email through the operator's SMTP server (quarkus-mailer,
 * {@code quarkus.mailer.*}), from {@code agentplane.tools.email.from}. Not idempotent: the ledger never sends a
 * call twice. Its {@code requires_confirmation} is data for the approval step; this tool only sends.
 */
@ApplicationScoped
public class SendEmailTool extends BuiltinTool {
    private static final Logger LOG = Logger.getLogger(SendEmailTool.class);
    /** One address, no display name, no header injection (no CR/LF, commas or angle brackets). */
    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    @Inject
    Mailer mailer;
    @Inject
    ToolsConfig config;

    @Override
    protected String name() {
        return "send_email";
    }

    @Override
    public ToolResult run(ToolContext context, ToolCall call, JsonNode arguments) {
        if (config.email().from().filter(f -> !f.isBlank()).isEmpty()) {
            return ToolResult.error(call, "Email is not available: no sender is configured on this platform "
                    + "(agentplane.tools.email.from and the SMTP server, quarkus.mailer.*).");
        }
        String to = text(arguments, "to");
        String subject = text(arguments, "subject");
        String body = arguments.path("body").isTextual() ? arguments.path("body").asText() : null;
        if (to == null || !ADDRESS.matcher(to).matches() || to.length() > 320) {
            return ToolResult.error(call, "'to' must be one email address, e.g. jane@example.com.");
        }
        if (subject == null || subject.isEmpty() || subject.length() > 500 || subject.contains("\n") || subject.contains("\r")) {
            return ToolResult.error(call, "'subject' must be one line of at most 500 characters.");
        }
        if (body == null || body.length() > 100_000) {
            return ToolResult.error(call, "'body' must be text of at most 100000 characters.");
        }
        try {
            mailer.send(Mail.withText(to, subject, body).setFrom(config.email().from().get()));
        } catch (RuntimeException e) {
            LOG.warnf("send_email of execution %s failed: %s", context.executionId(), e.getClass().getSimpleName());
            return ToolResult.error(call, "The email could not be sent: the mail server refused it or cannot be reached.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sent", true);
        answer.put("to", to);
        answer.put("subject", subject);
        return ToolResult.ok(call, json(answer));
    }
}
