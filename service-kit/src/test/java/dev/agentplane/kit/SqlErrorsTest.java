package dev.agentplane.kit;

import dev.agentplane.kit.data.SqlErrors;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class SqlErrorsTest {
    @Test
    void aCommitLostWithItsConnectionIsFoundAmongSuppressedExceptions() {
        // as Narayana reports it: RollbackException, the XAException (with PostgreSQL's refusal) only suppressed
        Exception rollback = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        RuntimeException wrapped = new RuntimeException("Error invoking subclass method", rollback);
        assertEquals("57P01", SqlErrors.state(wrapped));
    }

    @Test
    void aCauseLoopEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertNull(SqlErrors.sqlCause(a));
        assertFalse(SqlErrors.violates(a, "x"));
    }
}
