package dev.agentplane.execution.stream;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Writes stream frames as SSE: {@code id: <seq>} and {@code data: <json>} (heartbeats carry no id). */
@ApplicationScoped
public class SseFrames {
    public Multi<OutboundSseEvent> toSse(Multi<StreamFrame> frames, Sse sse) {
        return frames.map(frame -> {
            OutboundSseEvent.Builder builder = sse.newEventBuilder().mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, frame.json());
            if (frame.seq() > 0) {
                builder.id(Long.toString(frame.seq()));
            }
            return builder.build();
        });
    }
}
