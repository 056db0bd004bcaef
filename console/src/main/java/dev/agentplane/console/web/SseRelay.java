package dev.agentplane.console.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The API's SSE stream passed on to the browser as it arrives: each event is flushed at its blank line, so tokens
 * show as the model sends them. The browser cannot call the API itself: its token is in an HttpOnly cookie.
 */
public final class SseRelay {
    private SseRelay() {
    }

    /** {@code prelude}: events of the console's own written first (e.g. the session a chat just made), or null. */
    public static Response relay(InputStream upstream, String prelude) {
        StreamingOutput body = out -> {
            try (upstream; BufferedReader in = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8))) {
                if (prelude != null) {
                    write(out, prelude);
                }
                String line;
                StringBuilder event = new StringBuilder();
                while ((line = in.readLine()) != null) {
                    event.append(line).append('\n');
                    if (line.isEmpty()) {
                        write(out, event.toString());
                        event.setLength(0);
                    }
                }
                if (!event.isEmpty()) {
                    write(out, event.append('\n').toString());
                }
            }
        };
        return Response.ok(body, "text/event-stream").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no").build();
    }

    /** One event of the console's own, in the API's frame shape ({@code data: {"type": ...}}). */
    public static String event(String json) {
        return "data: " + json + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
