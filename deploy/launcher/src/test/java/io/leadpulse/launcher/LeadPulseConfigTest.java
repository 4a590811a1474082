package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpulse.sinks.webhooks.delivery.WebhookSinkSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;

class LeadPulseConfigTest {

    @Test
    void withNothingSetEverythingIsEmbeddedOnTheDocumentedDefaults() {
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of(), true);

        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.publicBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(config.apiKey()).isEmpty();
        assertThat(config.kafkaBootstrap()).isEmpty();
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.stateDir()).isEqualTo(Path.of(".leadpulse").toAbsolutePath().normalize());
        assertThat(config.webhookAllowPrivate()).isTrue();
        assertThat(config.webhookRetrySchedule()).containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        assertThat(config.webhookEndpointConcurrency()).isEqualTo(32);
        assertThat(config.beaconsPerClientPerSecond()).isEqualTo(10);
        assertThat(config.eventQueueCapacity()).isEqualTo(100_000);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.keyedState()).isEqualTo(new KeyedStateSettings(FlinkMiniCluster.StateBackend.HASHMAP, MemorySize.ofMebiBytes(1024)));
        assertThat(config.flinkRestPort()).as("a free port").isZero();
        assertThat(config.trustedProxies().isEmpty()).as("trust no proxy").isTrue();
        assertThat(config.scannerNetworks().isEmpty()).isTrue();
        assertThat(LeadPulseConfig.fromEnvironment(Map.of(), false).webhookAllowPrivate()).isFalse();
    }

    @Test
    void everyVariableOfTheContractIsRead() {
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of(
                "LP_HTTP_PORT", "9090",
                "LP_PUBLIC_BASE_URL", "https://go.example.com/",
                "LP_API_KEY", "secret",
                "LP_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092",
                "LP_REDIS_URL", "redis://:pw@redis.internal:6380/2",
                "LP_STATE_DIR", "/var/lib/leadpulse",
                "LP_WEBHOOK_ALLOW_PRIVATE", "false",
                "LP_WEBHOOK_RETRY_SCHEDULE", "0s, 500ms,1m,1d",
                "LP_BEACON_RATE_PER_CLIENT", "0",
                "LP_EVENT_QUEUE_CAPACITY", "5000"), true);

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.publicBaseUrl()).isEqualTo(URI.create("https://go.example.com"));
        assertThat(config.apiKey()).contains("secret");
        assertThat(config.kafkaBootstrap()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(config.redisUrl()).contains("redis://:pw@redis.internal:6380/2");
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/leadpulse"));
        assertThat(config.webhookAllowPrivate()).isFalse();
        assertThat(config.webhookRetrySchedule()).isEqualTo(List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofDays(1)));
        assertThat(config.beaconsPerClientPerSecond()).isZero();
        assertThat(config.eventQueueCapacity()).isEqualTo(5000);
    }

    @Test
    void trustedProxiesAndScannerNetworksAreReadAsAddressRanges() {
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of(
                "LP_TRUSTED_PROXIES", "10.0.0.0/8, 2001:DB8::/32,192.0.2.7",
                "LP_SCANNER_NETWORKS", "198.51.100.0/24"), true);

        assertThat(config.trustedProxies()).hasToString("10.0.0.0/8,2001:db8::/32,192.0.2.7/32");
        assertThat(config.scannerNetworks()).hasToString("198.51.100.0/24");
    }

    @Test
    void theDetectionJobsCheckpointsStateBackendRocksDbMemoryAndRestPortAreChosenByTheOperator() {
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of(
                "LP_CHECKPOINT_INTERVAL", "10s",
                "LP_STATE_BACKEND", "RocksDB",
                "LP_ROCKSDB_MEMORY", "2g",
                "LP_FLINK_REST_PORT", "8081"), true);

        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.flinkRestPort()).isEqualTo(8081);
        assertThat(config.keyedState()).isEqualTo(new KeyedStateSettings(FlinkMiniCluster.StateBackend.ROCKSDB, MemorySize.ofMebiBytes(2048)));
    }

    @Test
    void attemptsInFlightPerWebhookEndpointAreChosenByTheOperatorAndReachTheSink() {
        LeadPulseConfig config = LeadPulseConfig.fromEnvironment(Map.of("LP_WEBHOOK_ENDPOINT_CONCURRENCY", "8",
                "LP_WEBHOOK_RETRY_SCHEDULE", "0s,1m", "LP_WEBHOOK_ALLOW_PRIVATE", "false"), true);

        assertThat(config.webhookEndpointConcurrency()).isEqualTo(8);
        WebhookSinkSettings sink = config.webhookSinkSettings("kafka-1:9092", "redis://redis.internal:6379");
        assertThat(sink.endpointConcurrency()).isEqualTo(8);
        assertThat(sink.retrySchedule()).containsExactly(Duration.ZERO, Duration.ofMinutes(1));
        assertThat(sink.allowPrivate()).isFalse();
        assertThat(sink.kafkaBootstrap()).isEqualTo("kafka-1:9092");
        assertThat(sink.redisUrl()).isEqualTo("redis://redis.internal:6379");
        for (String unusable : List.of("0", "-4", "129", "many", "16.5")) {
            assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_WEBHOOK_ENDPOINT_CONCURRENCY", unusable), true))
                    .as(unusable).hasMessageContaining("LP_WEBHOOK_ENDPOINT_CONCURRENCY").hasMessageContaining("1 to 128");
        }
    }

    @Test
    void thePublicBaseUrlFollowsThePortByDefault() {
        assertThat(LeadPulseConfig.fromEnvironment(Map.of("LP_HTTP_PORT", "9999"), true).publicBaseUrl())
                .isEqualTo(URI.create("http://localhost:9999"));
    }

    @Test
    void unusableValuesAreRefusedWithAMessageNamingTheVariable() {
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_HTTP_PORT", "http"), true))
                .hasMessageContaining("LP_HTTP_PORT");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_HTTP_PORT", "70000"), true))
                .hasMessageContaining("LP_HTTP_PORT");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_FLINK_REST_PORT", "65536"), true))
                .hasMessageContaining("LP_FLINK_REST_PORT");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_PUBLIC_BASE_URL", "go.example.com"), true))
                .hasMessageContaining("LP_PUBLIC_BASE_URL");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_REDIS_URL", "localhost:6379"), true))
                .hasMessageContaining("LP_REDIS_URL");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_WEBHOOK_ALLOW_PRIVATE", "maybe"), true))
                .hasMessageContaining("LP_WEBHOOK_ALLOW_PRIVATE");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_WEBHOOK_RETRY_SCHEDULE", "0s,soon"), true))
                .hasMessageContaining("LP_WEBHOOK_RETRY_SCHEDULE").hasMessageContaining("soon");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_BEACON_RATE_PER_CLIENT", "-1"), true))
                .hasMessageContaining("LP_BEACON_RATE_PER_CLIENT");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_EVENT_QUEUE_CAPACITY", "0"), true))
                .hasMessageContaining("LP_EVENT_QUEUE_CAPACITY").hasMessageContaining("'0'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_EVENT_QUEUE_CAPACITY", "lots"), true))
                .hasMessageContaining("LP_EVENT_QUEUE_CAPACITY");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_CHECKPOINT_INTERVAL", "10ms"), true))
                .hasMessageContaining("LP_CHECKPOINT_INTERVAL").hasMessageContaining("10ms");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_CHECKPOINT_INTERVAL", "often"), true))
                .hasMessageContaining("LP_CHECKPOINT_INTERVAL");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_STATE_BACKEND", "memory"), true))
                .hasMessageContaining("LP_STATE_BACKEND").hasMessageContaining("hashmap or rocksdb");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_ROCKSDB_MEMORY", "lots"), true))
                .hasMessageContaining("LP_ROCKSDB_MEMORY").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_ROCKSDB_MEMORY", "16m"), true))
                .hasMessageContaining("LP_ROCKSDB_MEMORY").hasMessageContaining("from 64m").hasMessageContaining("'16m'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_ROCKSDB_MEMORY", "1024"), true))
                .hasMessageContaining("a bare number is bytes").hasMessageContaining("'1024'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_ROCKSDB_MEMORY", "1000t"), true))
                .hasMessageContaining("LP_ROCKSDB_MEMORY").hasMessageContaining("to the machine's").hasMessageContaining("'1000t'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_TRUSTED_PROXIES", "10.0.0.0/8,10.0.0.0/33"), true))
                .hasMessageContaining("LP_TRUSTED_PROXIES").hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_TRUSTED_PROXIES", "lb.internal"), true))
                .hasMessageContaining("LP_TRUSTED_PROXIES").hasMessageContaining("'lb.internal'");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_TRUSTED_PROXIES", "10.1.2.3/8"), true))
                .hasMessageContaining("LP_TRUSTED_PROXIES").hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> LeadPulseConfig.fromEnvironment(Map.of("LP_SCANNER_NETWORKS", "mimecast"), true))
                .hasMessageContaining("LP_SCANNER_NETWORKS").hasMessageContaining("'mimecast'");
    }
}
