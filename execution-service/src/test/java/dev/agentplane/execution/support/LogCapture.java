package dev.agentplane.execution.support;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log line the service writes while open (the root logger), with its stack traces, as text; the platform's own
 * categories ({@code dev.agentplane}) log at DEBUG meanwhile, so that lines a run writes only then are read too.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    // the log context the service's loggers live in (Quarkus selects one; the system context is not it)
    private static final Logger ROOT = LogContext.getLogContext().getLogger("");
    private static final Logger PLATFORM = LogContext.getLogContext().getLogger("dev.agentplane");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();
    private final Level before = PLATFORM.getLevel();

    public LogCapture() {
        setLevel(Level.ALL);
        PLATFORM.setLevel(Level.FINE);
        ROOT.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        // JBoss Logging's printf-style messages are formatted by the record itself; SimpleFormatter knows only {0}
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(record);
        StringWriter trace = new StringWriter();
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(trace));
        }
        lines.add(record.getLoggerName() + " " + message + "\n" + trace);
    }

    public synchronized String text() {
        return String.join("", lines);
    }


    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
        PLATFORM.setLevel(before);
    }
}
