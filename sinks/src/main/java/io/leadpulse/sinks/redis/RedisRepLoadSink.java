package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.v1.RepLoad;
import java.io.Serial;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that writes every rep load to Redis within milliseconds of its arrival (contract section 4), in
 * batches sent before every checkpoint barrier. Each load is guarded by {@code updatedAt}, so loads replayed after a
 * restart from a checkpoint leave newer ones in place, and the order in which parallel writers reach Redis does not
 * matter. A Redis outage is retried for a while, then
 * fails the task so Flink restarts it.
 */
public final class RedisRepLoadSink implements Sink<RepLoad> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String redisUrl;

    public RedisRepLoadSink(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    @Override
    public SinkWriter<RepLoad> createWriter(WriterInitContext context) {
        RedisRepLoadStore store = new RedisRepLoadStore(redisUrl);
        return new BatchingRedisWriter<>("rep-loads", store, store::call, store::storeAll, load -> "load of rep " + load.getRepId(),
                context.getProcessingTimeService());
    }
}
