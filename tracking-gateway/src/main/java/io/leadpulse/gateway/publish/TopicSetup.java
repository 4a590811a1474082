package io.leadpulse.gateway.publish;

import io.leadpulse.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates LeadPulse's topics that do not exist yet, with their retention settings; existing topics are left alone. */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private TopicSetup() {
    }

    /**
     * Creates the topics now if Kafka answers within a few seconds, else keeps trying in the background, so a gateway
     * can start (and redirect) while Kafka is away.
     */
    public static void ensureTopicsEventually(String bootstrapServers) {
        try {
            ensureTopics(bootstrapServers, Duration.ofSeconds(5));
        } catch (IllegalStateException first) {
            LOG.warn("Kafka is not reachable to create topics ({}); retrying in the background", first.getMessage());
            Thread retry = new Thread(() -> {
                while (true) {
                    try {
                        ensureTopics(bootstrapServers, Duration.ofSeconds(10));
                        return;
                    } catch (IllegalStateException notYet) {
                        try {
                            Thread.sleep(2_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "lp-topic-setup");
            retry.setDaemon(true);
            retry.start();
        }
    }

    /** Creates what is missing; throws when Kafka does not answer within the timeout. */
    public static void ensureTopics(String bootstrapServers, Duration timeout) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) -1)
                            .configs(topic.compacted()
                                    ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                                    : Map.of()))
                    .toList();
            for (var result : admin.createTopics(missing).values().values()) {
                try {
                    result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create LeadPulse's Kafka topics on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } finally {
            // Bounded: a plain close() waits for the client's own calls, which against a broker that takes connections
            // and never answers held a starting gateway for minutes (KafkaOutageTest).
            admin.close(CLOSE_TIMEOUT);
        }
    }
}
