package dev.agentplane.sessions.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A session row; conversations are sessions of kind {@code conversation}. Never leaves the service. */
@Entity
@Table(name = "session")
public class Session {
    public static final String KIND_SESSION = "session";
    public static final String KIND_CONVERSATION = "conversation";
    public static final String ACTIVE = "active";
    public static final String ARCHIVED = "archived";

    @Id
    public String id;
    public String workspaceId;
    public String tenantId;
    public String kind;
    public String title;
    public String status;
    public String agentId;
    public Integer agentVersion;
    @JdbcTypeCode(SqlTypes.JSON)
    public String agentConfig;
    public String externalUserId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String metadata;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String variables;
    public int messageCount;
    public Long ttlSeconds;
    public Instant expiresAt;
    public Instant createdAt;
    public Instant updatedAt;

    public boolean expired(Instant now) {
        return expiresAt != null && expiresAt.isBefore(now);
    }

    /** Moves the idle deadline forward when the session is used. */
    public void touch(Instant now) {
        updatedAt = now;
        if (ttlSeconds != null) {
            expiresAt = now.plusSeconds(ttlSeconds);
        }
    }
}
