package dev.agentplane.kit;

import dev.agentplane.kit.data.PageRequest;
import dev.agentplane.kit.error.ApiException;
import dev.agentplane.kit.request.RequestIds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PageRequestTest {
    private static final List<String> SORTABLE = List.of("created_at", "name");

    @Test
    void defaultsAreFirstPageNewestFirst() {
        PageRequest p = PageRequest.of(null, null, null, null, SORTABLE);
        assertEquals(new PageRequest(1, 20, "created_at", "desc"), p);
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        ApiException e = assertThrows(ApiException.class, () -> PageRequest.of(0, 1000, "password", "up", SORTABLE));
        assertEquals(400, e.status());
        assertEquals(List.of("page", "limit", "sort", "order"), e.errors().stream().map(f -> f.field()).toList());
    }

    @Test
    void requestIdsFromCallersAreKeptOnlyWhenSafe() {
        assertEquals("abc-123", RequestIds.accept("abc-123"));
        assertNotEquals("bad\nid", RequestIds.accept("bad\nid"));
        assertEquals(36, RequestIds.accept("x".repeat(500)).length());
    }
}
