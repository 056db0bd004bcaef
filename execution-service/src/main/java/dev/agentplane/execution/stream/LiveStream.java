package dev.agentplane.execution.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The in-memory stream of one execution running on this replica: all its frames and its live readers. */
final class LiveStream {
    private final String executionId;
    private final ExecutionStreams owner;
    private final List<StreamFrame> frames = new ArrayList<>();
    private final List<MultiEmitter<? super StreamFrame>> readers = new ArrayList<>();
    private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
    private boolean ended;
    /** Events published before this replica took the run over (a resumed run): they are in Redis only. */
    private final long base;

    LiveStream(String executionId, ExecutionStreams owner, long base) {
        this.executionId = executionId;
        this.owner = owner;
        this.base = base;
    }

    synchronized long publish(String type, ObjectNode body) {
        if (ended) {
            return base + frames.size();
        }
        long seq = base + frames.size() + 1L;
        body.put("seq", seq);
        StreamFrame frame = new StreamFrame(seq, type, body.toString());
        frames.add(frame);
        boolean first = seq == 1;
        // Redis appends are chained so that entry ids arrive in order, off the caller's thread
        written = written.thenCompose(v -> owner.append(executionId, frame, first));
        for (MultiEmitter<? super StreamFrame> reader : List.copyOf(readers)) {
            reader.emit(frame);
            if (frame.terminal()) {
                reader.complete();
            }
        }
        if (frame.terminal()) {
            ended = true;
            readers.clear();
            owner.retire(executionId, written);
        }
        return seq;
    }

    synchronized long lastSeq() {
        return base + frames.size();
    }

    /** Whether a reader after {@code afterSeq} can be served from memory (it needs nothing from before the takeover). */
    boolean serves(long afterSeq) {
        return afterSeq >= base;
    }

    Multi<StreamFrame> subscribe(long afterSeq) {
        return Multi.createFrom().emitter(em -> {
            synchronized (this) {
                for (int i = (int) Math.max(0, afterSeq - base); i < frames.size(); i++) {
                    em.emit(frames.get(i));
                }
                if (ended) {
                    em.complete();
                } else {
                    readers.add(em);
                    em.onTermination(() -> {
                        synchronized (LiveStream.this) {
                            readers.remove(em);
                        }
                    });
                }
            }
        });
    }
}
