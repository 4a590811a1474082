package io.leadpulse.gateway.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Remembers keys for a while (bounded in count and time) to make repeated submissions count once at the gateway.
 * Non-blocking, so it may be used on IO threads.
 */
public final class SeenRecently {
    private final Cache<String, Boolean> seen;

    public SeenRecently(long maxKeys, Duration forHowLong) {
        this.seen = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(forHowLong)
                .executor(Runnable::run) // upkeep on the calling IO thread: no hand-off to the common pool per request
                .build();
    }

    /** True the first time a key is offered (within the window), false for every repeat. */
    public boolean firstTime(String key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets a key, so a submission that could not be taken can be sent again. */
    public void forget(String key) {
        seen.invalidate(key);
    }
}
