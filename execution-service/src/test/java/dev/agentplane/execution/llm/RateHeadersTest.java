package dev.agentplane.execution.llm;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What providers' rate-limit headers say of their request and token limits. */
class RateHeadersTest {
    @Test
    void openAiStatesRequestsAndTokensWithResetsAsDurations() {
        RateHeaders h = RateHeaders.of(Map.of("x-ratelimit-limit-requests", List.of("500"),
                "X-RateLimit-Remaining-Requests", List.of("499"), "x-ratelimit-reset-requests", List.of("120ms"),
                "x-ratelimit-limit-tokens", List.of("30000"), "x-ratelimit-remaining-tokens", List.of("29000"),
                "x-ratelimit-reset-tokens", List.of("2m0.5s")));
        assertEquals(new RateHeaders(500, 499, 120, 30000, 29000, 120_500), h);
    }

    @Test
    void aTokenLimitAloneIsRead() {
        RateHeaders h = RateHeaders.of(Map.of("x-ratelimit-limit-tokens", List.of("50"),
                "x-ratelimit-remaining-tokens", List.of("0"), "x-ratelimit-reset-tokens", List.of("6m0s")));
        assertEquals(-1, h.remaining());
        assertEquals(0, h.tokensRemaining());
        assertEquals(360_000, h.tokensResetMillis());
    }

    @Test
    void anthropicStatesResetsAsTimesAndItsInputTokensWithoutACombinedLimit() {
        String in30s = Instant.now().plusSeconds(30).toString();
        RateHeaders combined = RateHeaders.of(Map.of("anthropic-ratelimit-requests-limit", List.of("50"),
                "anthropic-ratelimit-requests-remaining", List.of("49"), "anthropic-ratelimit-requests-reset", List.of(in30s),
                "anthropic-ratelimit-tokens-limit", List.of("40000"), "anthropic-ratelimit-tokens-remaining", List.of("100"),
                "anthropic-ratelimit-tokens-reset", List.of(in30s)));
        assertEquals(49, combined.remaining());
        assertEquals(100, combined.tokensRemaining());
        assertTrue(combined.tokensResetMillis() > 28_000 && combined.tokensResetMillis() <= 30_000);
        RateHeaders input = RateHeaders.of(Map.of("anthropic-ratelimit-input-tokens-limit", List.of("20000"),
                "anthropic-ratelimit-input-tokens-remaining", List.of("0"),
                "anthropic-ratelimit-input-tokens-reset", List.of(in30s)));
        assertEquals(-1, input.remaining());
        assertEquals(20000, input.tokenLimit());
        assertEquals(0, input.tokensRemaining());
    }

    @Test
    void noHeadersSayNothing() {
        assertEquals(RateHeaders.NONE, RateHeaders.of(Map.of("content-type", List.of("application/json"))));
        assertEquals(RateHeaders.NONE, RateHeaders.of(null));
    }
}
