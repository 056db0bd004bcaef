package dev.agentplane.sessions.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads test.session.events from now on, so a test can see the events its requests caused. */
public class SessionEventsTap implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public SessionEventsTap(Object bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "session-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of("test.session.events"));
        long deadline = System.currentTimeMillis() + 15_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.assignment().forEach(consumer::position);
    }

    /** Polls until {@code count} records with this key match, or 20 s pass; returns what matched. */
    public List<ConsumerRecord<String, String>> await(String key, Predicate<String> value, int count) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (matching(key, value).size() < count && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return matching(key, value);
    }

    /** Keeps polling for a short while to catch records that should not be there. */
    public List<ConsumerRecord<String, String>> settle(String key, Predicate<String> value) {
        long until = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < until) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return matching(key, value);
    }

    private List<ConsumerRecord<String, String>> matching(String key, Predicate<String> value) {
        return seen.stream().filter(r -> key.equals(r.key()) && value.test(r.value())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
