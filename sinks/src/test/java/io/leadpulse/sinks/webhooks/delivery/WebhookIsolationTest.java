package io.leadpulse.sinks.webhooks.delivery;

import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.alert;
import static io.leadpulse.sinks.webhooks.delivery.DeliveryWorld.deliveries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpulse.schemas.RedisKeys;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.WebhookFormat;
import io.leadpulse.schemas.v1.WebhookSubscription;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.MessageFormat;
import io.leadpulse.sinks.webhooks.MessageFormat.RateLimit;
import io.leadpulse.sinks.webhooks.OutgoingRequest;
import io.leadpulse.sinks.webhooks.Reply;
import io.leadpulse.sinks.webhooks.Verdict;
import io.leadpulse.sinks.webhooks.delivery.Receiver.Answer;
import io.leadpulse.sinks.webhooks.format.MessageFormats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No receiver holds up another, and chat robots get merged messages within their rate limit instead of losing alerts. */
class WebhookIsolationTest {
    @TempDir
    static Path dir;
    static DeliveryWorld world;

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final String team = DeliveryWorld.newTeam();

    @BeforeAll
    static void startTheWorld() throws Exception {
        world = new DeliveryWorld(dir);
    }

    @AfterAll
    static void stopTheWorld() throws Exception {
        world.close();
    }

    @BeforeEach
    void emptyRedis() {
        world.redis.flushAll();
    }

    @AfterEach
    void stopTheSinks() {
        world.stopSinks();
    }

    @Test
    void anEndpointThatNeverAnswersDelaysNoOther() throws Exception {
        try (Receiver stalled = new Receiver(); Receiver healthy = new Receiver()) {
            stalled.answer((n, request) -> stalled.stall());
            world.write(world.subscription(stalled.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            world.write(world.subscription(healthy.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            WebhookSink sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics, 4);
            world.awaitReading();

            Map<String, Instant> detected = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                Alert alert = world.detect(alert("content.reached", team, "burst " + i));
                detected.put(alert.getId(), Instant.now());
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> healthy.requests().size() == 20);
            for (Receiver.Request request : healthy.requests()) {
                Instant at = detected.get(request.header("webhook-id"));
                // Waiting behind the stalled endpoint would take the attempt's whole 10 s.
                assertThat(Duration.between(at, request.at())).isLessThan(Duration.ofSeconds(5));
            }
            assertThat(healthy.requests()).extracting(request -> request.header("webhook-id")).doesNotHaveDuplicates();
            // The stalled endpoint holds only its own lane: a few attempts in flight, the rest waiting their turn.
            assertThat(stalled.requests()).hasSizeBetween(1, 4);

            stalled.release();
            world.stop(sink);
        }
    }

    @Test
    void anEndpointThatNeverAnswersDelaysNoOtherOnTheSameHost() throws Exception {
        try (Receiver host = new Receiver()) {
            host.answer((n, request) -> request.target().contains("stalled") ? host.stall() : Answer.of(204));
            world.write(world.subscription(host.url() + "?stalled", WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            world.write(world.subscription(host.url() + "?healthy", WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            WebhookSink sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics);
            world.awaitReading();

            Map<String, Instant> detected = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                Alert alert = world.detect(alert("content.reached", team, "burst " + i));
                detected.put(alert.getId(), Instant.now());
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> requestsTo(host, "healthy").size() == 40);
            for (Receiver.Request request : requestsTo(host, "healthy")) {
                Instant at = detected.get(request.header("webhook-id"));
                // Waiting for a connection the stalled subscription holds would take the attempt's whole 10 s.
                assertThat(Duration.between(at, request.at())).isLessThan(Duration.ofSeconds(5));
            }
            // The stalled subscription fills its own lane, and its connections are no other subscription's loss.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> requestsTo(host, "stalled").size() == WebhookSinkSettings.DEFAULT_ENDPOINT_CONCURRENCY);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> requestsTo(host, "stalled").size() == WebhookSinkSettings.DEFAULT_ENDPOINT_CONCURRENCY);

            host.release();
            world.stop(sink);
        }
    }

    @Test
    void anEndpointGetsAsManyAttemptsAtOnceAsConfiguredAndARobotOneAtATime() throws Exception {
        try (Receiver endpoint = new Receiver(); Receiver robot = new Receiver()) {
            endpoint.answer((n, request) -> endpoint.stall());
            robot.answer((n, request) -> robot.stall());
            world.write(world.subscription(endpoint.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            world.write(world.subscription(robot.url(), WebhookFormat.WECOM).setTeamIds(List.of(team)).build());
            WebhookSink sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics, 24);
            world.awaitReading();

            for (int i = 0; i < 40; i++) {
                world.detect(alert("content.reached", team, "burst " + i));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.requests().size() == 24 && robot.requests().size() == 1);
            // Until an attempt comes back (the transport gives up after 10 s), nothing more goes to either.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> endpoint.requests().size() == 24 && robot.requests().size() == 1);

            endpoint.release();
            robot.release();
            world.stop(sink);
        }
    }

    private static List<Receiver.Request> requestsTo(Receiver receiver, String query) {
        return receiver.requests().stream().filter(request -> request.target().endsWith("?" + query)).toList();
    }

    @Test
    void anEndpointThatFailsGetsFewerAttemptsAtOnceUntilItRecovers() throws Exception {
        try (Receiver failing = new Receiver()) {
            AtomicInteger open = new AtomicInteger();
            List<Integer> openAtArrival = new CopyOnWriteArrayList<>();
            AtomicBoolean recovered = new AtomicBoolean();
            CountDownLatch firstSixteen = new CountDownLatch(16);
            failing.answer((n, request) -> {
                openAtArrival.add(open.incrementAndGet());
                try {
                    // The first attempts are held until all sixteen are open, however slowly the machine opens them.
                    firstSixteen.countDown();
                    firstSixteen.await(5, TimeUnit.SECONDS);
                    Thread.sleep(300);
                    return recovered.get() ? Answer.of(204) : Answer.of(503);
                } finally {
                    open.decrementAndGet();
                }
            });
            world.write(world.subscription(failing.url(), WebhookFormat.STANDARD).setTeamIds(List.of(team))
                    .setSecret(StandardSignature.newSecret()).build());
            List<Duration> patient = new ArrayList<>(List.of(Duration.ZERO));
            patient.addAll(Collections.nCopies(20, Duration.ofMillis(200)));
            WebhookSink sink = world.startSink(patient, metrics, 16);
            world.awaitReading();

            for (int i = 0; i < 48; i++) {
                world.detect(alert("content.reached", team, "burst " + i));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> openAtArrival.size() >= 30);
            recovered.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(metrics, "delivered") == 48);

            List<Integer> seen = List.copyOf(openAtArrival);
            assertThat(seen.subList(0, 16)).as("the first attempts, all at once").contains(16);
            // 16 answers of 503 narrowed the lane to one: the failing endpoint now holds one place, not sixteen.
            assertThat(seen.subList(20, 30)).allSatisfy(atOnce -> assertThat(atOnce).isLessThanOrEqualTo(2));
            assertThat(seen.subList(30, seen.size())).as("widened again once it recovered").anySatisfy(atOnce -> assertThat(atOnce).isGreaterThan(4));
            world.stop(sink);
        }
    }

    @Test
    void anEndpointThatAnswersSlowlyHoldsUpNoOtherEndpointsBookkeeping() throws Exception {
        try (Receiver slow = new Receiver(); Receiver healthy = new Receiver()) {
            CountDownLatch answerSlowly = new CountDownLatch(1);
            slow.answer((n, request) -> {
                answerSlowly.await(8, TimeUnit.SECONDS); // within the attempt's 10 s
                return Answer.of(200);
            });
            WebhookSubscription slowSubscription = world.write(world.subscription(slow.url(), WebhookFormat.STANDARD)
                    .setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
            WebhookSubscription healthySubscription = world.write(world.subscription(healthy.url(), WebhookFormat.STANDARD)
                    .setTeamIds(List.of(team)).setSecret(StandardSignature.newSecret()).build());
            WebhookSink sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics);
            world.awaitReading();

            for (int i = 0; i < 40; i++) {
                world.detect(alert("content.reached", team, "burst " + i));
            }

            // Every healthy delivery is recorded as delivered (gone from the queue) while the slow ones are still out.
            await().atMost(Duration.ofSeconds(6)).until(() -> world.redis.zcard(RedisKeys.webhookDue(healthySubscription.getId())) == 0);
            assertThat(healthy.requests()).hasSize(40);
            assertThat(world.redis.zcard(RedisKeys.webhookDue(slowSubscription.getId()))).isEqualTo(40);
            answerSlowly.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> world.redis.zcard(RedisKeys.webhookDue(slowSubscription.getId())) == 0);
            assertThat(slow.requests()).hasSize(40);
            world.stop(sink);
        }
    }

    @Test
    void aRateLimitedRobotGetsEveryAlertOfABurstOnceInFewerMessagesWithinItsLimitInTheTeamsLanguage() throws Exception {
        RateLimit limit = new RateLimit(3, Duration.ofSeconds(1));
        try (Receiver robot = new Receiver()) {
            robot.answer((n, request) -> Answer.json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            world.write(world.subscription(robot.url(), WebhookFormat.WECOM).setTeamIds(List.of(team)).build());
            world.writeRules(team, "zh");
            WebhookSink sink = world.startSink(DeliveryWorld.SHORT_SCHEDULE, metrics, format -> paced(MessageFormats.of(format), limit));
            world.awaitReading();

            for (int i = 0; i < 30; i++) {
                String lead = String.format("lead-burst-%02d", i);
                world.detect(Alert.newBuilder(alert("lead.deep_read", team, lead + " has read the offer")).setLeadId(lead).build());
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(metrics, "delivered") == 30);
            List<Receiver.Request> messages = robot.requests();
            assertThat(messages.size()).isLessThan(30);
            List<String> carried = new ArrayList<>();
            Pattern token = Pattern.compile("lead-burst-\\d\\d");
            for (Receiver.Request message : messages) {
                // A robot message may name a lead more than once (headline and details): count each alert once per message.
                Set<String> inMessage = new TreeSet<>();
                Matcher m = token.matcher(message.body());
                while (m.find()) {
                    inMessage.add(m.group());
                }
                assertThat(inMessage).isNotEmpty();
                assertThat(message.body()).as("the team reads Chinese").contains("已认真阅读");
                carried.addAll(inMessage);
            }
            assertThat(carried).hasSize(30).doesNotHaveDuplicates();
            // Arrivals lag the sends by a few varying milliseconds, and the sink keeps each send only 50 ms past the window
            // (SendWindow.leeway): a window a quarter second shorter still holds no more than the limit, where an
            // unpaced burst would put them all in it.
            Duration window = limit.per().minusMillis(250);
            for (Receiver.Request message : messages) {
                long inWindow = messages.stream()
                        .filter(other -> !other.at().isBefore(message.at()) && other.at().isBefore(message.at().plus(window)))
                        .count();
                assertThat(inWindow).isLessThanOrEqualTo(limit.messages());
            }
            world.stop(sink);
        }
    }

    /** The real format, with a rate limit small enough to see in a test in place of the robot's own. */
    static MessageFormat paced(MessageFormat real, RateLimit limit) {
        if (real.rateLimit().isEmpty()) {
            return real;
        }
        return new MessageFormat() {
            @Override
            public int maxAlertsPerMessage() {
                return real.maxAlertsPerMessage();
            }

            @Override
            public Optional<RateLimit> rateLimit() {
                return Optional.of(limit);
            }

            @Override
            public OutgoingRequest render(WebhookSubscription subscription, List<Alert> alerts, Language language,
                                          Instant attemptAt) {
                return real.render(subscription, alerts, language, attemptAt);
            }

            @Override
            public Verdict read(Reply reply, Instant receivedAt) {
                return real.read(reply, receivedAt);
            }
        };
    }
}
