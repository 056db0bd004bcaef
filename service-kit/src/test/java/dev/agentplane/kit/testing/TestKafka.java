package dev.agentplane.kit.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** A producer of string records on the test broker, for tests that play another service's events. */
public final class TestKafka {
    private TestKafka() {
    }

    /** {@code kafkaConfig}: the {@code @Identifier("default-kafka-broker")} map Quarkus makes. */
    public static KafkaProducer<String, String> producer(Map<String, Object> kafkaConfig) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }
}
