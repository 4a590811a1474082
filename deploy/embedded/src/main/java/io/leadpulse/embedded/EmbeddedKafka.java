package io.leadpulse.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined broker and controller, KRaft) running in this process.
 * Its log directory is formatted on first start and reused afterwards, so topics and offsets survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker whose data lives under {@code dataDir}, listening on loopback ports picked now. */
    public static EmbeddedKafka start(Path dataDir) {
        Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        int[] ports = ports(dataDir.toAbsolutePath().resolve("ports.properties"));
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        Properties props = brokerConfig(logDir, brokerPort, controllerPort);
        format(logDir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + brokerPort;
        LOG.info("Embedded Kafka broker listening on {} (data in {})", bootstrap, logDir);
        return new EmbeddedKafka(server, bootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker stopped");
    }

    /** The ports of the last start when they are still free, so clients can reconnect to a restarted broker. */
    private static int[] ports(Path file) {
        Properties saved = new Properties();
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    saved.load(in);
                }
            }
            int broker = reuseOrPick(saved.getProperty("broker"));
            int controller = reuseOrPick(saved.getProperty("controller"));
            saved.setProperty("broker", String.valueOf(broker));
            saved.setProperty("controller", String.valueOf(controller));
            try (var out = Files.newOutputStream(file)) {
                saved.store(out, "ports of the embedded Kafka broker");
            }
            return new int[]{broker, controller};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the broker's ports in " + file, e);
        }
    }

    private static int reuseOrPick(String saved) {
        if (saved != null) {
            int port = Integer.parseInt(saved);
            if (FreePorts.claim(port)) {
                return port;
            }
        }
        return FreePorts.pick();
    }

    private static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        // One node: every internal topic has one replica, and nobody waits for other members to join.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once Kafka sink keeps transactions open up to a checkpoint plus recovery time.
        p.put("transaction.max.timeout.ms", String.valueOf(60 * 60 * 1000));
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private static void format(Path logDir, Properties props) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }
}
