package io.leadpulse.sinks.redis;

import io.leadpulse.embedded.EmbeddedRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

/**
 * A real Redis server for one test class: started before its first test, emptied before each test (before the class's
 * own {@code @BeforeEach}), stopped after its last. Register it as a static field:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private Path dir;
    private EmbeddedRedis server;
    private RedisClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("lp-test-redis");
        server = EmbeddedRedis.start(dir);
        client = RedisClient.create(server.url());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        client.flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        client.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    public String url() {
        return server.url();
    }

    /** A client for the test's own reads and writes. */
    public RedisClient client() {
        return client;
    }
}
