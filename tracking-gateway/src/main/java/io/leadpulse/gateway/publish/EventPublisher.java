package io.leadpulse.gateway.publish;

import io.leadpulse.schemas.serde.AvroSerde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the gateway's events to Kafka with an idempotent producer (acks=all), and never loses one it accepted (unless
 * a bug keeps the sender from making or serialising it: that one is counted and logged). The {@code publish} methods
 * never block: they hand the event, or what makes it, to a bounded memory queue that one sender thread drains, so no
 * IO thread ever waits for Kafka, not even for the producer's first metadata fetch.
 *
 * <p>When Kafka stops answering (a send fails, or the oldest unacknowledged event waits longer than
 * {@link #STALL}), the sender switches to spooling: what was in flight and everything after it is appended, in order,
 * to a file under the state directory. A replayer thread sends the spool, oldest first, as soon as Kafka answers
 * again, and switches back to direct sending once it has caught up. A spool left by a stopped gateway is sent at the
 * next start. Delivery is at least once: an event whose acknowledgement was lost may be sent twice (every event
 * carries its own id, so readers can tell).
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    static final Duration STALL = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REPLAY_ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final int REPLAY_BATCH = 1000;
    /** Events the sender takes from the memory queue at once (one lock round instead of one per event). */
    private static final int SENDER_BATCH = 256;
    /**
     * How long the sender naps between looks at an empty queue while events arrive; adds at most this to a click, against
     * the producer's 5 ms linger. Each wake-up takes a core from an IO thread on a busy machine: 2 ms instead of 0.5 ms
     * took the sender from about 1,000 to 330 wake-ups a second under wrk.
     */
    private static final Duration BUSY_NAP = Duration.ofMillis(2);
    /** Empty looks (100 ms of naps) after which the sender waits on the queue again, so an idle gateway is idle. */
    private static final int BUSY_IDLE_ROUNDS = (int) (Duration.ofMillis(100).toNanos() / BUSY_NAP.toNanos());
    /**
     * The producer's batches: large enough that the 5 ms linger, not the batch's size, decides when a batch goes, so
     * the broker's request threads woke about 580 times a second under wrk instead of 1,000-1,200, and took about 0.3 us
     * less of its CPU per click (the default 16 KB filled before the linger was up). The producer's 32 MB of buffer
     * holds 128 such batches: room for a batch filling on every partition of the topics the gateway writes (19 as it
     * creates them).
     */
    private static final int BATCH_BYTES = 256 * 1024;
    /** A bug that breaks every event must not log a stack trace per event: the first, then one line a minute. */
    private static final Duration UNMADE_LOG_EVERY = Duration.ofMinutes(1);

    private final String bootstrapServers;
    private final String probeTopic;
    private final BlockingQueue<Pending> queue;
    private final Spool spool;
    private final Clock clock;
    private final Map<Class<?>, AvroSerde<?>> serdes = new ConcurrentHashMap<>();
    /**
     * Events handed to the live producer, in send order, owned by the sender thread: the producer's thread only marks
     * an event acknowledged, and the sender drops acknowledged events from the head. (A concurrent sorted map here cost
     * more than half of the producer's network thread and an eighth of the sender under wrk.)
     */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** When the oldest event in flight was accepted, as last seen by the sender; null when none is in flight. */
    private volatile Instant oldestInFlight;
    private final AtomicLong producersCreated = new AtomicLong();
    private final Thread sender;
    private final Thread replayer;
    private final Counter produced;
    private final Counter failed;
    private final Counter rejected;
    private final Counter spooled;
    private final Counter unmade;
    private volatile KafkaProducer<String, byte[]> live;
    private volatile boolean spooling;
    private volatile boolean sendFailed;
    private volatile Exception firstFailure;
    private volatile boolean connected;
    private volatile boolean running = true;
    /** When the sender may next log an event it could not make (System.nanoTime); the sender's own. */
    private long nextUnmadeLog = System.nanoTime();

    private static final class InFlight {
        final Spool.Entry entry;
        final long sentAtNanos;
        volatile boolean acknowledged;

        InFlight(Spool.Entry entry, long sentAtNanos) {
            this.entry = entry;
            this.sentAtNanos = sentAtNanos;
        }
    }

    /** An accepted event, made (if it was not yet) and serialised by the sender thread, not the IO thread. */
    private record Pending(String topic, String key, Supplier<? extends SpecificRecord> maker, Instant acceptedAt) {
    }

    /**
     * @param probeTopic a topic whose metadata proves the cluster is reachable before anything is sent
     * @param spoolFile  where events wait while Kafka is away
     */
    public EventPublisher(String bootstrapServers, int queueCapacity, String probeTopic, Path spoolFile,
                          MeterRegistry metrics, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.probeTopic = probeTopic;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.spool = new Spool(spoolFile);
        this.clock = clock;
        this.produced = Counter.builder("lp_gateway_events_produced").description("Events acknowledged by Kafka").register(metrics);
        this.failed = Counter.builder("lp_gateway_events_failed").description("Sends Kafka did not acknowledge (the events were spooled)").register(metrics);
        this.rejected = Counter.builder("lp_gateway_events_rejected").description("Events refused because the memory queue was full").register(metrics);
        this.spooled = Counter.builder("lp_gateway_events_spooled").description("Events written to the spool while Kafka was away").register(metrics);
        this.unmade = Counter.builder("lp_gateway_events_unmade")
                .description("Accepted events the sender could not make or serialise (a bug, logged with its cause)").register(metrics);
        Gauge.builder("lp_gateway_queue_depth", queue, BlockingQueue::size).description("Events waiting in memory").register(metrics);
        Gauge.builder("lp_gateway_spool_bytes", this, p -> p.spoolBytes()).description("Bytes waiting in the spool").register(metrics);
        Gauge.builder("lp_gateway_oldest_unsent_event_age_seconds", this, p -> p.oldestUnsentAge().toMillis() / 1000.0)
                .description("How long the oldest event not yet in Kafka has waited").register(metrics);
        Gauge.builder("lp_gateway_spooling", this, p -> p.spooling ? 1 : 0).description("1 while events go to the spool").register(metrics);
        this.spooling = !spool.isEmpty();
        if (spooling) {
            LOG.warn("{} bytes of events from an earlier run wait in the spool; they are sent first", spool.bytes());
        } else {
            this.live = newProducer();
        }
        this.sender = new Thread(this::runSender, "lp-event-sender");
        this.replayer = new Thread(this::runReplayer, "lp-event-replayer");
        sender.setDaemon(true);
        replayer.setDaemon(true);
        sender.start();
        replayer.start();
    }

    /** Queues an event for Kafka without blocking; false when the memory queue is full. */
    public boolean publish(String topic, String key, SpecificRecord record) {
        return publish(topic, key, () -> record);
    }

    /**
     * Queues an event that the sender thread makes, without blocking; false when the memory queue is full. For the
     * part of an event the response does not wait for (who the requester is, the record itself): an IO thread answers
     * sooner and takes the next request, and under wrk the redirect served about 5 % more clicks a second this way
     * (docs/benchmarks.md, session 16). The maker runs once, in queue order, on another thread: it must not touch the
     * exchange, and what it reads must be safe to read from there. A maker the full queue refused never runs.
     */
    public boolean publish(String topic, String key, Supplier<? extends SpecificRecord> maker) {
        boolean queued = queue.offer(new Pending(topic, key, maker, clock.instant()));
        if (!queued) {
            rejected.increment();
        }
        return queued;
    }

    /**
     * Sends an event now and completes, with where it was written, once Kafka has acknowledged it; may block the calling
     * (worker) thread on metadata.
     */
    public CompletableFuture<RecordMetadata> publishAndAcknowledge(String topic, String key, SpecificRecord record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        KafkaProducer<String, byte[]> producer = live;
        if (producer == null) {
            acknowledged.completeExceptionally(new IllegalStateException("Kafka is not reachable"));
            return acknowledged;
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, serialize(record)), (metadata, error) -> {
                if (error == null) {
                    produced.increment();
                    acknowledged.complete(metadata);
                } else {
                    failed.increment();
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Whether events go straight to Kafka (false while Kafka is unreachable and events are spooled). */
    public boolean isConnected() {
        return connected && !spooling;
    }

    public long spoolBytes() {
        synchronized (spool) {
            return spool.bytes();
        }
    }

    /** How long the oldest event not yet acknowledged by Kafka has waited (zero when none waits). */
    public Duration oldestUnsentAge() {
        Instant oldest;
        synchronized (spool) {
            oldest = spool.oldest();
        }
        if (oldest == null) {
            oldest = oldestInFlight;
        }
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
    }

    // --- the sender: memory queue -> Kafka, or -> spool while Kafka is away

    private void runSender() {
        List<Pending> taken = new ArrayList<>(SENDER_BATCH);
        int idleRounds = 0;
        while (running || !queue.isEmpty()) {
            if (queue.drainTo(taken, SENDER_BATCH) > 0) {
                idleRounds = 0;
            } else if (idleRounds < BUSY_IDLE_ROUNDS) {
                // Under traffic the sender naps instead of waiting on the queue, so an IO thread that queues an event
                // never has to wake it (a futex call and a context switch per event when the sender keeps up).
                idleRounds++;
                LockSupport.parkNanos(BUSY_NAP.toNanos());
            } else {
                try {
                    Pending pending = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (pending != null) {
                        taken.add(pending);
                        idleRounds = 0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            for (Pending pending : taken) {
                byte[] value = serialised(pending);
                if (value != null) {
                    sendOrSpool(new Spool.Entry(pending.topic(), pending.key(), value, pending.acceptedAt()));
                }
            }
            taken.clear();
            forgetAcknowledged();
            if (!spooling && (sendFailed || stalled())) {
                startSpooling();
            }
        }
    }

    /** The event made and serialised, or null when it could not be: that one is lost, never the sender. */
    private byte[] serialised(Pending pending) {
        try {
            return serialize(pending.maker().get());
        } catch (RuntimeException e) {
            unmade.increment();
            long now = System.nanoTime();
            if (now - nextUnmadeLog >= 0) {
                nextUnmadeLog = now + UNMADE_LOG_EVERY.toNanos();
                LOG.error("An event for {} could not be made or serialised and is lost ({} so far; logged at most once a minute)",
                        pending.topic(), (long) unmade.count(), e);
            }
            return null;
        }
    }

    /** Drops acknowledged events from the head of what is in flight (the sender's own bookkeeping). */
    private void forgetAcknowledged() {
        InFlight head;
        while ((head = inFlight.peekFirst()) != null && head.acknowledged) {
            inFlight.pollFirst();
        }
        oldestInFlight = head == null ? null : head.entry.acceptedAt();
    }

    private void sendOrSpool(Spool.Entry entry) {
        synchronized (spool) {
            if (spooling) {
                spool.append(entry);
                spooled.increment();
                return;
            }
        }
        InFlight sent = new InFlight(entry, System.nanoTime());
        inFlight.addLast(sent);
        KafkaProducer<String, byte[]> producer = live;
        try {
            producer.send(new ProducerRecord<>(entry.topic(), entry.key(), entry.value()), (metadata, error) -> {
                if (error == null) {
                    sent.acknowledged = true;
                    produced.increment();
                    connected = true;
                } else {
                    failed.increment();
                    if (producer == live) { // an abandoned producer failing what it held is old news (it was spooled)
                        noteFailure(error);
                    }
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            noteFailure(e);
        }
    }

    /** Keeps the first failure of an episode for the log; the sender then starts spooling. */
    private void noteFailure(Exception error) {
        if (!sendFailed && !spooling) {
            firstFailure = error;
        }
        sendFailed = true;
    }

    private boolean stalled() {
        InFlight oldest = inFlight.peekFirst();
        return oldest != null && System.nanoTime() - oldest.sentAtNanos > STALL.toNanos();
    }

    /** Kafka is away: from now on, in order, what was in flight and everything after it goes to the spool. */
    private void startSpooling() {
        LOG.warn("Kafka is not answering ({}); spooling events to disk until it is back",
                firstFailure != null ? firstFailure.toString() : "no acknowledgement for " + STALL.toSeconds() + " s");
        firstFailure = null;
        synchronized (spool) {
            spooling = true;
        }
        connected = false;
        KafkaProducer<String, byte[]> producer = live;
        live = null;
        if (producer != null) {
            // Fails what is pending (those events are still in inFlight, and go to the spool below). On another thread:
            // closing waits for the producer's network thread, which against a broker that takes connections and
            // never answers is stuck for the request timeout, and the sender must go on taking events meanwhile.
            Thread closer = new Thread(() -> producer.close(Duration.ZERO), "lp-producer-closer");
            closer.setDaemon(true);
            closer.start();
        }
        synchronized (spool) {
            spoolUnacknowledged();
            sendFailed = false;
        }
    }

    /** Appends, in send order, what was handed to the producer and not acknowledged; called holding the spool. */
    private void spoolUnacknowledged() {
        for (InFlight pending : inFlight) {
            if (!pending.acknowledged) {
                spool.append(pending.entry);
                spooled.increment();
            }
        }
        inFlight.clear();
        oldestInFlight = null;
    }

    /** Until the first acknowledgement, asks Kafka for metadata so readiness does not wait for traffic. */
    private void probeLive() {
        KafkaProducer<String, byte[]> producer = live;
        if (producer == null) {
            return;
        }
        try {
            producer.partitionsFor(probeTopic);
            connected = true;
        } catch (RuntimeException e) {
            LOG.warn("Kafka is not reachable yet: {}", e.getMessage());
            pause(Duration.ofSeconds(1));
        }
    }

    // --- the replayer: spool -> Kafka, oldest first, then back to direct sending

    private void runReplayer() {
        KafkaProducer<String, byte[]> producer = null;
        while (running) {
            if (!spooling) {
                if (!connected) {
                    probeLive();
                }
                pause(Duration.ofMillis(100));
                continue;
            }
            try {
                if (producer == null) {
                    producer = newProducer();
                    producer.partitionsFor(probeTopic); // throws while Kafka is unreachable
                }
                List<Spool.Entry> batch;
                synchronized (spool) {
                    batch = spool.peek(REPLAY_BATCH);
                    if (batch.isEmpty()) {
                        live = producer; // caught up: the sender goes direct again, under the lock of its appends
                        producer = null;
                        spooling = false;
                        connected = true;
                        LOG.info("Kafka is back; every spooled event has been sent");
                        continue;
                    }
                }
                sendAll(producer, batch);
                synchronized (spool) {
                    spool.advance(batch);
                }
                produced.increment(batch.size());
            } catch (Exception e) {
                LOG.debug("Replaying the spool failed: {}", e.toString());
                if (producer != null) {
                    producer.close(Duration.ZERO);
                    producer = null;
                }
                pause(Duration.ofSeconds(1));
            }
        }
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private void sendAll(KafkaProducer<String, byte[]> producer, List<Spool.Entry> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (Spool.Entry entry : batch) {
            acks.add(producer.send(new ProducerRecord<>(entry.topic(), entry.key(), entry.value())));
        }
        long deadline = System.nanoTime() + REPLAY_ACK_TIMEOUT.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "leadpulse-gateway-" + producersCreated.getAndIncrement(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // A send waits at most this long for metadata; the sender thread must stay ahead of the memory queue.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] serialize(SpecificRecord record) {
        AvroSerde serde = serdes.computeIfAbsent(record.getClass(), type -> AvroSerde.of((Class) type));
        return serde.serialize(record);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends or spools what is queued, waits a little for Kafka to acknowledge, spools the rest, then closes. */
    @Override
    public void close() {
        running = false;
        join(sender);
        join(replayer);
        KafkaProducer<String, byte[]> producer = live;
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
        synchronized (spool) {
            spoolUnacknowledged(); // the sender has stopped, so its bookkeeping is ours now
            if (!spool.isEmpty()) {
                LOG.warn("{} bytes of events wait in the spool for the next start", spool.bytes());
            }
            spool.close();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
