package com.epchat.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The output producer's settings: what the chunks' order and the relay's tail depend on. */
class OutputProducerTests {

    @Test
    void idempotentAcknowledgedByEveryReplicaAndLingeringFiveMilliseconds() {
        var config = new WorkerConfig().outputTemplate(new KafkaProperties()).getProducerFactory()
                .getConfigurationProperties();

        assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    @Test
    void anOperatorsLingerWins() {
        var kafka = new KafkaProperties();
        kafka.getProducer().getProperties().put(ProducerConfig.LINGER_MS_CONFIG, "0");

        var config = new WorkerConfig().outputTemplate(kafka).getProducerFactory().getConfigurationProperties();

        assertThat(config).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0");
    }
}
