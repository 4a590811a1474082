package io.leadpulse.gateway.rules;

import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.gateway.publish.EventPublisher;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.TeamRules;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every team's rules. The durable copy is the compacted {@code lp.rules} topic (key = team id, the whole
 * {@code TeamRules} record each time); each gateway replays it at start and follows it, so reads and merges touch
 * memory only and a change made on one instance reaches the others within the follower's poll interval.
 */
public final class RuleStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleStore.class);
    private static final int LOCK_STRIPES = 64;

    private final RuleTable teams = new RuleTable();
    /** Changes of one team are made one at a time; teams sharing a stripe only wait for each other briefly. */
    private final ReentrantLock[] changeLocks = new ReentrantLock[LOCK_STRIPES];
    private final EventPublisher publisher;
    private final Duration writeTimeout;
    private final CompactedTopicFollower<TeamRules> follower;

    /** Thrown when a change could not be stored; nothing changed here. */
    public static final class NotStored extends Exception {
        NotStored(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param writeTimeout how long a change may wait, for an earlier change of its team and for Kafka's acknowledgement
     */
    public RuleStore(String bootstrapServers, EventPublisher publisher, Duration writeTimeout) {
        this.publisher = publisher;
        this.writeTimeout = writeTimeout;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            changeLocks[i] = new ReentrantLock();
        }
        this.follower = new CompactedTopicFollower<>(bootstrapServers, Topics.RULES, TeamRules.class, "rules",
                new CompactedTopicFollower.View<>() {
                    @Override
                    public void put(String teamId, TeamRules record, long offset) {
                        teams.keep(teamId, RuleSet.from(record), offset);
                    }

                    @Override
                    public void remove(String teamId, long offset) {
                        teams.remove(teamId, offset);
                    }

                    @Override
                    public void caughtUp() {
                        LOG.info("Rule store loaded the rules of {} teams", teams.size());
                    }
                });
    }

    /** The team's rules: what it set, or the defaults. */
    public RuleSet rulesOf(String teamId) {
        RuleSet rules = teams.get(teamId);
        return rules != null ? rules : RuleSet.defaults(teamId);
    }

    /**
     * Changes a team's rules and answers them once Kafka has acknowledged the whole new rule set; from then on this
     * instance serves them. Changes of the same team on this instance are applied one after the other, each to the
     * result of the one before, so none loses another's fields.
     */
    public RuleSet change(String teamId, UnaryOperator<RuleSet> change) throws NotStored, InterruptedException {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        ReentrantLock lock = changeLocks[Math.floorMod(teamId.hashCode(), LOCK_STRIPES)];
        if (!lock.tryLock(writeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new NotStored("an earlier change of team " + teamId + " is still waiting for Kafka", null);
        }
        try {
            RuleSet changed = change.apply(rulesOf(teamId));
            RecordMetadata written;
            try {
                written = publisher.publishAndAcknowledge(Topics.RULES, teamId, changed.toRecord())
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new NotStored("Kafka did not take the rules of team " + teamId, e instanceof ExecutionException ? e.getCause() : e);
            }
            teams.keep(teamId, changed, written.offset());
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the rules of every team that had any at start have been loaded. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    /** How many teams have rules of their own. */
    public int size() {
        return teams.size();
    }

    @Override
    public void close() {
        follower.close();
    }
}
