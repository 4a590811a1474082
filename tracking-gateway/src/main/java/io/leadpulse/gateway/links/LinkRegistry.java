package io.leadpulse.gateway.links;

import io.leadpulse.schemas.kafka.CompactedTopicFollower;
import io.leadpulse.schemas.Topics;
import io.leadpulse.schemas.v1.LinkCreated;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tracked link, held in memory so a redirect never makes a network call. The durable copy is the compacted
 * {@code lp.links} topic: each gateway replays it at start and follows it, so a link made on one instance is
 * clickable on all of them.
 */
public final class LinkRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRegistry.class);

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final LinkSnapshot snapshot;
    private final CompactedTopicFollower<LinkCreated> follower;

    /**
     * @param snapshotFile a local copy of the registry, loaded first so links resolve even while Kafka is away
     */
    public LinkRegistry(String bootstrapServers, Path snapshotFile) {
        this.snapshot = new LinkSnapshot(snapshotFile);
        for (Link link : snapshot.load()) {
            links.put(link.code(), link);
        }
        snapshot.rewrite(links.values());
        if (!links.isEmpty()) {
            LOG.info("Link registry starts with {} links from its local snapshot", links.size());
        }
        this.follower = new CompactedTopicFollower<>(bootstrapServers, Topics.LINKS, LinkCreated.class, "links",
                new CompactedTopicFollower.View<>() {
                    @Override
                    public void put(String code, LinkCreated record, long offset) {
                        remember(Link.from(record));
                    }

                    @Override
                    public void remove(String code, long offset) {
                        links.remove(code);
                    }

                    @Override
                    public void caughtUp() {
                        LOG.info("Link registry loaded {} links", links.size());
                    }
                });
    }

    public Optional<Link> find(String code) {
        return Optional.ofNullable(links.get(code));
    }

    /** The link with this code if it exists and has not expired at {@code now}; junk codes are refused before a lookup. */
    public Optional<Link> findLive(String code, Instant now) {
        if (!LinkCodes.isWellFormed(code)) {
            return Optional.empty();
        }
        return find(code).filter(link -> !link.isExpiredAt(now));
    }

    /** Makes a link known here at once, before its record comes back from the topic. */
    public void put(Link link) {
        remember(link);
    }

    /** Keeps a link, and adds it to the local snapshot when it is new or changed. */
    private void remember(Link link) {
        if (!link.equals(links.put(link.code(), link))) {
            snapshot.append(link);
        }
    }

    /** Whether every link that existed at start has been loaded. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public int size() {
        return links.size();
    }

    @Override
    public void close() {
        follower.close();
        snapshot.close();
    }
}
