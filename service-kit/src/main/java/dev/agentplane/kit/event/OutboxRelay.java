package dev.agentplane.kit.event;

import dev.agentplane.kit.request.RequestIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves committed outbox rows to Kafka: right after each commit and every second as a safety net.
 * One batch at a time per outbox table across all replicas (a transaction-scoped advisory lock): two
 * replicas sending batches side by side could put an entity's later event on Kafka before its earlier
 * one. A row's deletion commits only after the broker acknowledged it (at-least-once delivery).
 *
 * <p>A drain woken by commits starts at the oldest row they wrote, or after the last row this process
 * sent if that is older: sent rows stay in the table as dead tuples until a vacuum, and a scan from the
 * first row walks all of them (90,000 after a benchmark's warm-up made each drain 10-16 ms of
 * PostgreSQL's time instead of 0.1). The safety net scans from the first row, for rows whose commit
 * woke no drain (a send that failed, a process that stopped right after its commit).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    @Inject
    EntityManager em;
    @Inject
    ManagedExecutor executor;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean fromStart = new AtomicBoolean(true);
    /** The highest seq this process sent. */
    private final AtomicLong sentUpTo = new AtomicLong();
    /** The oldest seq that commits since the last drain wrote. */
    private final AtomicLong announced = new AtomicLong(Long.MAX_VALUE);
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean stopping;

    /** Shutdown begins before Hibernate closes: stop draining, or every poll until then fails. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Asks for a drain soon that starts at the oldest of these rows at the latest, now committed. */
    public void wake(long oldestCommitted) {
        announced.accumulateAndGet(oldestCommitted, Math::min);
        wake();
    }

    /** Asks for a drain soon; coalesces with one already running. */
    void wake() {
        if (stopping) {
            // rows committed now stay in the table and are sent after the next start
            return;
        }
        again.set(true);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drainLoop);
        }
    }

    @Scheduled(every = "${agentplane.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        fromStart.set(true);
        wake();
    }

    private void drainLoop() {
        try {
            while (again.getAndSet(false) && !stopping) {
                while (drainBatch() == BATCH) {
                    // a full batch: more rows may be waiting
                }
            }
        } catch (RuntimeException e) {
            fromStart.set(true);
            LOG.warnf("outbox: sending failed, will retry: %s", e.getMessage());
        } finally {
            draining.set(false);
        }
    }

    /**
     * Takes one batch out of the table and sends it; returns the number of rows sent. The rows are deleted
     * and read back with one statement, and the deletion commits only after the broker acknowledged every
     * row: a failed send rolls it back and the rows are sent again later.
     */
    int drainBatch() {
        long oldestAnnounced = announced.getAndSet(Long.MAX_VALUE);
        long after = fromStart.getAndSet(false) ? 0 : Math.min(sentUpTo.get(), oldestAnnounced - 1);
        List<Object[]> sent = QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery(ONE_DRAINER).getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(TAKE_BATCH).setParameter(1, after).getResultList();
            if (rows.isEmpty()) {
                return rows;
            }
            // delete … returning gives no order; events of one key must leave in the order they were written
            rows.sort(Comparator.comparingLong(row -> ((Number) row[0]).longValue()));
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>((String) row[1], (String) row[2],
                        (String) row[4]);
                record.headers().add("ce_type", ((String) row[3]).getBytes(StandardCharsets.UTF_8));
                if (row[5] != null) {
                    record.headers().add(RequestIds.KAFKA_HEADER, ((String) row[5]).getBytes(StandardCharsets.UTF_8));
                }
                if (row[6] != null) {
                    // the consumer's span joins the trace of the request that wrote the event
                    record.headers().add("traceparent", ((String) row[6]).getBytes(StandardCharsets.UTF_8));
                }
                acks.add(producer().send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(15, TimeUnit.SECONDS);
            }
            return rows;
        });
        if (!sent.isEmpty()) {
            long last = ((Number) sent.get(sent.size() - 1)[0]).longValue();
            sentUpTo.accumulateAndGet(last, Math::max);
        }
        return sent.size();
    }

    /** Waits for the batch another replica is sending from this schema's outbox; released at commit or rollback. */
    private static final String ONE_DRAINER = "select 1 from (select pg_advisory_xact_lock("
            + "hashtext('agentplane.outbox.' || current_schema()))) drainer";
    /**
     * {@code = any(array(…))}, not {@code in (…)}: with {@code in} the planner may join the batch against a
     * sequential scan of the whole table, dead rows and all (seen: 896 pages read to delete none).
     */
    private static final String TAKE_BATCH = "delete from outbox_event where seq = any(array(select seq from outbox_event "
            + "where seq > ?1 order by seq limit " + BATCH + " for update skip locked)) "
            + "returning seq, topic, event_key, event_type, payload, request_id, traceparent";

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = new HashMap<>(kafkaConfig);
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
                    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    config.keySet().removeIf(k -> k.startsWith("group.") || k.contains("deserializer"));
                    producer = new KafkaProducer<>(config);
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
