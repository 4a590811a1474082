package io.leadpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.leadpulse.launcher.AlertTopic.committedAlerts;
import static io.leadpulse.launcher.GatewayClient.clickIdOf;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpulse.embedded.EmbeddedKafka;
import io.leadpulse.embedded.EmbeddedRedis;
import io.leadpulse.embedded.FreePorts;
import io.leadpulse.jobs.DetectionJob;
import io.leadpulse.jobs.alerts.AlertIds;
import io.leadpulse.schemas.v1.Alert;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * The whole pipeline as {@code leadpulse up} runs it: a real Kafka broker in-process, the detection job on a Flink
 * mini cluster, a real Redis server, and the gateway on a random port.
 */
class ClickToAlertEndToEndTest {
    private static final String API_KEY = "e2e-key";
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";
    private static final Duration STARTUP = Duration.ofMinutes(2);
    /** Shorter than the default, so that the restart below need not wait long for a checkpoint after the click. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path stateDir;

    @Test
    void aCustomersClickBecomesAContentReachedAlertInRedisWithinTwoSecondsAndHeadsAndBotsDoNot() throws Exception {
        try (Pipeline pipeline = start()) {
            String base = "http://localhost:" + pipeline.httpPort();
            String code = createLink(base, "L-1");

            HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                    .header("User-Agent", "curl/8.5.0").method("HEAD", HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> slackbot = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                    .header("User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)").GET());
            long clickedAt = System.nanoTime();
            HttpResponse<String> customer = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                    .header("User-Agent", BROWSER).GET());

            assertThat(List.of(head.statusCode(), slackbot.statusCode(), customer.statusCode())).containsOnly(302);
            String alertId = AlertIds.of("content.reached", clickIdOf(customer));
            try (RedisClient redis = RedisClient.create(pipeline.redisUrl())) {
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> redis.exists("lp:alert:" + alertId));
                long latencyMillis = (System.nanoTime() - clickedAt) / 1_000_000;
                System.out.println("click -> alert in Redis: " + latencyMillis + " ms");

                JsonNode alert = JSON.readTree(redis.get("lp:alert:" + alertId));
                assertThat(alert.get("type").asText()).isEqualTo("content.reached");
                assertThat(alert.get("teamId").asText()).isEqualTo("t1");
                assertThat(alert.get("repId").asText()).isEqualTo("r7");
                assertThat(alert.get("leadId").asText()).isEqualTo("L-1");
                assertThat(alert.get("facts").get("code").asText()).isEqualTo(code);
                assertThat(redis.ttl("lp:alert:" + alertId)).isGreaterThan(29L * 24 * 3600);
                assertThat(redis.zrange("lp:alerts:team:t1", 0, -1)).containsExactly(alertId);
                assertThat(redis.zrange("lp:alerts:rep:r7", 0, -1)).containsExactly(alertId);
                var stream = redis.xrange("lp:alerts", (StreamEntryID) null, (StreamEntryID) null);
                assertThat(stream).hasSize(1);
                assertThat(JSON.readTree(stream.get(0).getFields().get("alert")).get("id").asText()).isEqualTo(alertId);
            }
            HttpResponse<String> listed = send(HttpRequest.newBuilder(URI.create(base + "/v1/alerts?teamId=t1"))
                    .header("Authorization", "Bearer " + API_KEY).GET());
            assertThat(JSON.readTree(listed.body()).findValuesAsText("id")).containsExactly(alertId);
            // lp.alerts carries the alert once, committed with the next checkpoint; the HEAD and the bot made none.
            List<Alert> committed = committedAlerts(pipeline.kafkaBootstrap(), 1, Duration.ofSeconds(20));
            assertThat(committed).extracting(Alert::getId).containsExactly(alertId);
        }
    }

    /** On RocksDB the restart restores from an incremental checkpoint: the repeat window must survive it as well. */
    @ParameterizedTest(name = "state backend {0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aSecondStartReusesLinksAlertsAndTheRepeatWindow(String stateBackend) throws Exception {
        Map<String, String> backend = Map.of("LP_STATE_BACKEND", stateBackend);
        String code;
        String visitorCookie;
        String firstAlert;
        try (Pipeline pipeline = start(backend)) {
            String base = "http://localhost:" + pipeline.httpPort();
            code = createLink(base, "L-2");
            HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code)).header("User-Agent", BROWSER).GET());
            visitorCookie = click.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            firstAlert = AlertIds.of("content.reached", clickIdOf(click));
            try (RedisClient redis = RedisClient.create(pipeline.redisUrl())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists("lp:alert:" + firstAlert));
            }
            // Let a checkpoint complete after the click, so the restart resumes with the visitor's repeat window.
            Thread.sleep(2 * CHECKPOINT_INTERVAL.toMillis() + 500);
        }

        try (Pipeline again = start(backend)) {
            String base = "http://localhost:" + again.httpPort();
            HttpResponse<String> repeat = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                    .header("User-Agent", BROWSER).header("Cookie", visitorCookie).GET());
            HttpResponse<String> someoneElse = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code))
                    .header("User-Agent", BROWSER).GET());

            assertThat(repeat.statusCode()).isEqualTo(302);
            String secondAlert = AlertIds.of("content.reached", clickIdOf(someoneElse));
            try (RedisClient redis = RedisClient.create(again.redisUrl())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists("lp:alert:" + secondAlert));
                assertThat(redis.exists("lp:alert:" + firstAlert)).isTrue();
                assertThat(redis.zrange("lp:alerts:team:t1", 0, -1)).containsExactlyInAnyOrder(firstAlert, secondAlert);
                assertThat(redis.xlen("lp:alerts")).isEqualTo(2);
            }
            assertThat(committedAlerts(again.kafkaBootstrap(), 2, Duration.ofSeconds(20)))
                    .extracting(Alert::getId).containsExactlyInAnyOrder(firstAlert, secondAlert);
        }
    }

    @Test
    void aStartWithTheOtherStateBackendRefusesTheCheckpointsAndLeavesThemForTheBackendThatWroteThem() throws Exception {
        Path checkpoints = stateDir.resolve("checkpoints");
        try (Pipeline pipeline = start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> FlinkMiniCluster.newestCheckpoint(checkpoints).isPresent());
        }

        assertThatThrownBy(() -> start(Map.of("LP_STATE_BACKEND", "rocksdb")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written with state format " + DetectionJob.STATE_FORMAT + " on hashmap")
                .hasMessageContaining("resumes only state format " + DetectionJob.STATE_FORMAT + " on rocksdb")
                .hasMessageContaining("move that directory away");

        try (Pipeline again = start()) {
            assertThat(again.httpPort()).isPositive();
        }
    }

    @Test
    void runsOnTheKafkaAndRedisItIsPointedAt(@TempDir Path servicesDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(servicesDir.resolve("kafka"));
             EmbeddedRedis redisServer = EmbeddedRedis.start(servicesDir.resolve("redis"));
             Pipeline pipeline = start(Map.of("LP_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "LP_REDIS_URL", redisServer.url()))) {
            assertThat(pipeline.isKafkaEmbedded()).isFalse();
            assertThat(pipeline.isRedisEmbedded()).isFalse();
            assertThat(pipeline.kafkaBootstrap()).isEqualTo(kafka.bootstrapServers());
            String base = "http://localhost:" + pipeline.httpPort();
            String code = createLink(base, "L-3");

            HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code)).header("User-Agent", BROWSER).GET());

            String alertId = AlertIds.of("content.reached", clickIdOf(click));
            try (RedisClient redis = RedisClient.create(redisServer.url())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists("lp:alert:" + alertId));
            }
            assertThat(committedAlerts(kafka.bootstrapServers(), 1, Duration.ofSeconds(20))).extracting(Alert::getId).containsExactly(alertId);
            assertThat(stateDir.resolve("kafka")).doesNotExist();
            assertThat(stateDir.resolve("redis")).doesNotExist();
        }
    }

    @Test
    void flinksRestApiShowsTheRunningJobOnTheChosenPortOfTheLoopbackInterfaceOnly() throws Exception {
        int restPort = FreePorts.pick();
        try (Pipeline pipeline = start(Map.of("LP_FLINK_REST_PORT", String.valueOf(restPort)))) {
            HttpResponse<String> jobs = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/overview")).GET());

            assertThat(jobs.statusCode()).isEqualTo(200);
            JsonNode job = JSON.readTree(jobs.body()).get("jobs").get(0);
            assertThat(job.get("name").asText()).isEqualTo("leadpulse-detection");
            assertThat(job.get("state").asText()).isEqualTo("RUNNING");
            // Where the machine has no other address, FlinkMiniClusterTest's bind address is what says so.
            for (InetAddress address : nonLoopbackAddresses()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, restPort), 2_000))
                            .as("Flink's REST API from %s", address).isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void aSecondLeadPulseOnTheSameStateDirectoryIsRefusedBeforeItTouchesItAndTheFirstRunsOn() throws Exception {
        try (Pipeline first = start()) {
            assertThatThrownBy(() -> Pipeline.start(LeadPulseConfig.fromEnvironment(environment(Map.of()), true), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another LeadPulse (process " + ProcessHandle.current().pid() + ") is running on the state directory "
                            + stateDir + "; stop it first, or give this one its own LP_STATE_DIR");

            String base = "http://localhost:" + first.httpPort();
            HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(base + "/l/" + createLink(base, "L-5")))
                    .header("User-Agent", BROWSER).GET());
            String alertId = AlertIds.of("content.reached", clickIdOf(click));
            try (RedisClient redis = RedisClient.create(first.redisUrl())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.exists("lp:alert:" + alertId));
            }
        }
    }

    @Test
    void aStopWhileItStartsStopsEveryPartStartedSoFarAndLeavesTheStateDirectoryFree() throws Exception {
        Path redisPidFile = stateDir.resolve("redis").resolve(EmbeddedRedis.PID_FILE);
        AtomicLong redisPid = new AtomicLong();
        AtomicReference<CompletableFuture<Void>> stop = new AtomicReference<>();

        // Ctrl-C once the Redis server runs, while the gateway and the job are still to start
        assertThatThrownBy(() -> Pipeline.start(LeadPulseConfig.fromEnvironment(environment(Map.of()), true), true,
                starting -> stop.set(CompletableFuture.runAsync(() -> {
                    await().atMost(STARTUP).pollInterval(Duration.ofMillis(5)).until(() -> pidIn(redisPidFile) > 0);
                    redisPid.set(pidIn(redisPidFile));
                    starting.close();
                }))))
                .isInstanceOf(IllegalStateException.class).hasMessage("stopped while starting");
        stop.get().get(STARTUP.toSeconds(), TimeUnit.SECONDS);

        assertThat(ProcessHandle.of(redisPid.get()).filter(ProcessHandle::isAlive)).as("the Redis server").isEmpty();
        try (Pipeline again = start()) {
            assertThat(again.httpPort()).as("a start on the same directory, its lock and Kafka's free").isPositive();
        }
    }

    private static long pidIn(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException notYet) {
            return 0;
        }
    }

    @Test
    void readinessAnswersReadyOnlyOnceTheDetectionJobRunsThoughTheGatewayAnswersBefore() throws Exception {
        int port = FreePorts.pick();
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        ExecutorService starter = Executors.newSingleThreadExecutor();
        Future<Pipeline> starting = starter.submit(() -> Pipeline.start(
                LeadPulseConfig.fromEnvironment(environment(Map.of("LP_HTTP_PORT", String.valueOf(port))), true), true));
        List<JsonNode> notReady = new CopyOnWriteArrayList<>();
        AtomicReference<JsonNode> ready = new AtomicReference<>();
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(answer.body());
                if (answer.statusCode() == 200) {
                    ready.set(body);
                    return true;
                }
                notReady.add(body);
                return false;
            });
        } finally {
            starting.get(STARTUP.toSeconds(), TimeUnit.SECONDS).close();
            starter.shutdown();
        }

        assertThat(notReady).as("answers while the job started").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer.get("status").asText()).isEqualTo("not ready"));
        assertThat(notReady.get(0).get("checks").has("flink")).as("the job named from the first answer").isTrue();
        assertThat(ready.get().get("checks").get("flink").asText()).isEqualTo("ready");
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    }

    @Test
    void aGatewayOnlyInstanceRedirectsAndPublishesWithoutADetectionJob() throws Exception {
        try (Pipeline gatewayOnly = start(Map.of(), false)) {
            String base = "http://localhost:" + gatewayOnly.httpPort();
            String code = createLink(base, "L-4");

            HttpResponse<String> click = send(HttpRequest.newBuilder(URI.create(base + "/l/" + code)).header("User-Agent", BROWSER).GET());
            HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(base + "/readyz")).GET());

            assertThat(gatewayOnly.runsDetection()).isFalse();
            assertThat(click.statusCode()).isEqualTo(302);
            assertThat(JSON.readTree(ready.body()).get("checks").has("flink")).isFalse();
            assertThat(stateDir.resolve("checkpoints")).doesNotExist();
        }
    }

    private Pipeline start() throws InterruptedException {
        return start(Map.of());
    }

    private Pipeline start(Map<String, String> extraEnvironment) throws InterruptedException {
        return start(extraEnvironment, true);
    }

    private Pipeline start(Map<String, String> extraEnvironment, boolean withDetection) throws InterruptedException {
        Pipeline pipeline = Pipeline.start(LeadPulseConfig.fromEnvironment(environment(extraEnvironment), true), withDetection);
        try {
            assertThat(pipeline.awaitReady(STARTUP)).as("ready within " + STARTUP).isTrue();
            return pipeline;
        } catch (AssertionError | InterruptedException | RuntimeException notReady) {
            pipeline.close(); // or its broker, job and Redis keep the machine busy for the tests after it
            throw notReady;
        }
    }

    private Map<String, String> environment(Map<String, String> extraEnvironment) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LP_HTTP_PORT", "0", "LP_API_KEY", API_KEY, "LP_STATE_DIR", stateDir.toString(),
                "LP_CHECKPOINT_INTERVAL", CHECKPOINT_INTERVAL.toSeconds() + "s"));
        env.putAll(extraEnvironment);
        return env;
    }

    private String createLink(String base, String leadId) throws Exception {
        return new GatewayClient(URI.create(base).getPort(), API_KEY).createLink("r7", leadId);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
