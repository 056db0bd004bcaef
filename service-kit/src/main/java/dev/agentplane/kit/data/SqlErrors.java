package dev.agentplane.kit.data;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Reads PostgreSQL's refusal out of whatever Hibernate, JTA or Agroal wrapped it in. */
public final class SqlErrors {
    public static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /**
     * The first SQL exception among {@code e}'s causes and suppressed exceptions, or null. A commit that fails
     * on a dropped connection ends as JTA's RollbackException whose XAException (with PostgreSQL's message) is
     * only a suppressed exception, not a cause.
     */
    public static SQLException sqlCause(Throwable e) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (e != null) {
            todo.add(e);
        }
        while (!todo.isEmpty() && seen.size() < 50) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        return null;
    }

    public static String state(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    }

    /**
     * True when the database was briefly away rather than refusing the statement: a lost or refused connection
     * (08), a terminated backend or a server shutting down (57P0x), a serialization failure or deadlock (40), too many
     * connections (53300), or the pool finding none in time. The same statement is worth trying again.
     */
    public static boolean isTransient(Throwable e) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("40") || state.equals("53300")
                || (state.isEmpty() && String.valueOf(sql.getMessage()).contains("acquisition timeout"));
    }

    /** True when {@code e} is a unique violation of the named constraint (and not any other failure). */
    public static boolean violates(Throwable e, String constraint) {
        SQLException sql = sqlCause(e);
        if (sql == null || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
            return false;
        }
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return server != null && constraint.equals(server.getConstraint());
    }
}
