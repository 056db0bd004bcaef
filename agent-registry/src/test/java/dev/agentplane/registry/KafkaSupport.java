package dev.agentplane.registry;

import dev.agentplane.kit.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Plain Kafka clients for tests: publish envelopes as other services would, and read what the registry sent. */
final class KafkaSupport {
    private KafkaSupport() {
    }

    static String envelope(String id, String type, String workspace, String subject, String dataJson) {
        return """
                {"id":"%s","type":"%s","source":"agentplane/test","time":"%s","tenant":"ten_test",
                 "workspace":"%s","subject":"%s","data":%s}""".formatted(id, type, Instant.now(), workspace, subject,
                dataJson);
    }

    static void send(Map<String, Object> kafka, String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = TestKafka.producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test event", e);
        }
    }

    static KafkaConsumer<String, String> consumer(Map<String, Object> kafka, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 15_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        // resolve the "latest" offsets now, so that nothing sent after this returns is skipped
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    /** Polls until {@code done} holds for the records seen so far (or 20 s pass), then returns them. */
    static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer,
                                                          Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!done.test(seen) && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return seen;
    }
}
