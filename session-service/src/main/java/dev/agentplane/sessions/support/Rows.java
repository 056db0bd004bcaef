package dev.agentplane.sessions.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Converts values of native-query rows. */
public final class Rows {
    private Rows() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    public static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    public static long longValue(Object value) {
        return ((Number) value).longValue();
    }
}
