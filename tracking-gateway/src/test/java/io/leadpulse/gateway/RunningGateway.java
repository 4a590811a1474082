package io.leadpulse.gateway;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.gateway.network.IpRanges;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real gateway on a random port with a real Kafka broker and Redis server, for one test class, and ways to talk to it. */
public final class RunningGateway implements BeforeAllCallback, AfterAllCallback {
    public static final String API_KEY = "test-key-123";
    public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";
    public static final ObjectMapper JSON = new ObjectMapper();
    /** Beacons one client may send a second (bursts of ten times that); the tests all come from one address. */
    public static final double BEACONS_PER_SECOND = 5;

    private static final byte[] CLICK_SIGNING_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI publicBaseUrl;
    private final IpRanges trustedProxies;
    private final IpRanges scannerNetworks;
    private Path dir;
    private EmbeddedKafka kafka;
    private EmbeddedRedis redis;
    private TrackingGateway gateway;

    /** A gateway on https://go.example.com that trusts no proxy and knows no scanner network. */
    public RunningGateway() {
        this(URI.create("https://go.example.com/"), IpRanges.none(), IpRanges.none());
    }

    /** A gateway with its public base URL, trusted proxies and scanner networks set as an operator would set them. */
    public RunningGateway(URI publicBaseUrl, IpRanges trustedProxies, IpRanges scannerNetworks) {
        this.publicBaseUrl = publicBaseUrl;
        this.trustedProxies = trustedProxies;
        this.scannerNetworks = scannerNetworks;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("lp-gateway-test");
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        redis = EmbeddedRedis.start(dir.resolve("redis"));
        gateway = TrackingGateway.start(config(dir.resolve("gateway"), redis.url()));
        await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
    }

    private GatewayConfig config(Path dataDirectory, String redisUrl) {
        return new GatewayConfig(0, publicBaseUrl, API_KEY, kafka.bootstrapServers(), redisUrl, dataDirectory,
                CLICK_SIGNING_KEY, BEACONS_PER_SECOND, trustedProxies, scannerNetworks, Clock.systemUTC(),
                GatewayConfig.DEFAULT_EVENT_QUEUE_CAPACITY);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        // Whatever started is stopped, even when beforeAll failed halfway.
        try (EmbeddedKafka startedKafka = kafka; EmbeddedRedis startedRedis = redis; TrackingGateway startedGateway = gateway) {
            // closed in reverse order: the gateway, then Redis, then Kafka
        }
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    public int port() {
        return gateway.port();
    }

    public String base() {
        return "http://localhost:" + gateway.port();
    }

    /** Another gateway instance on the same Kafka and Redis, as a second node behind a load balancer would be. */
    public TrackingGateway startAnotherInstance() {
        return startAnotherInstance(redis.url());
    }

    /** Another gateway instance on the same Kafka, with Redis at {@code redisUrl} (which may be unreachable). */
    public TrackingGateway startAnotherInstance(String redisUrl) {
        TrackingGateway other = TrackingGateway.start(config(dir.resolve("gateway-" + System.nanoTime()), redisUrl));
        await().atMost(Duration.ofSeconds(30)).until(other::isReady);
        return other;
    }

    /** Stops the gateway and starts it again on the same Kafka, Redis and files: what it knows then, it read back. */
    public void restart() {
        gateway.close();
        gateway = TrackingGateway.start(config(dir.resolve("gateway"), redis.url()));
        await().atMost(Duration.ofSeconds(30)).until(gateway::isReady);
    }

    /** Writes a record to Kafka as another part of the system (a sink, another gateway) would, and waits for the ack. */
    public <T extends SpecificRecord> void produce(String topic, String key, T record, Class<T> type) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, AvroSerde.of(type).serialize(record))).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    public String redisUrl() {
        return redis.url();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(15));
    }

    public HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + API_KEY);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> postJson(HttpRequest.Builder request, String body) {
        return send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Creates a link and answers its code. */
    public String createLink(String leadId, String targetUrl) {
        HttpResponse<String> created = postJson(authorized("/v1/links"), "{\"repId\": \"r7\", \"teamId\": \"t1\", \"leadId\": "
                + (leadId == null ? "null" : "\"" + leadId + "\"") + ", \"targetUrl\": \"" + targetUrl + "\"}");
        if (created.statusCode() != 201) {
            throw new AssertionError("link not created: " + created.statusCode() + " " + created.body());
        }
        return json(created).get("code").asText();
    }

    /** A customer's click on the link; answers the click id from the redirect. */
    public String click(String code) {
        String location = send(request("/l/" + code).header("User-Agent", BROWSER).GET()).headers().firstValue("Location").orElseThrow();
        return java.net.URLDecoder.decode(location.substring(location.indexOf("lp_c=") + 5).split("#")[0], StandardCharsets.UTF_8);
    }

    /** A click right after a link is made looks like a mail scanner; a person takes longer. */
    public static void waitUntilNoLongerTooSoonForAScanner() {
        try {
            Thread.sleep(2_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records on a topic that match, waiting until {@code expected} are there (or 20 s have passed). */
    public <T extends SpecificRecord> List<ConsumerRecord<String, T>> records(String topic, Class<T> type, Predicate<T> matching, int expected) {
        AvroSerde<T> serde = AvroSerde.of(type);
        List<ConsumerRecord<String, T>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    T value;
                    try {
                        value = serde.deserialize(record.value());
                    } catch (InvalidRecordException otherType) {
                        continue;
                    }
                    if (matching.test(value)) {
                        found.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(), value));
                    }
                }
                if (found.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return found;
    }
}
