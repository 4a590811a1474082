package io.leadpulse.sinks.redis;

import io.leadpulse.schemas.v1.Alert;
import java.io.Serial;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that writes every alert to Redis within milliseconds of its arrival (contract section 4), in batches
 * sent before every checkpoint barrier, so a completed checkpoint means every earlier alert is in Redis; after a
 * failure, replayed alerts are recognised by id and change nothing. A Redis outage is retried for a while, then fails the task so Flink restarts it.
 */
public final class RedisAlertSink implements Sink<Alert> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String redisUrl;

    public RedisAlertSink(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        RedisAlertStore store = new RedisAlertStore(redisUrl);
        return new BatchingRedisWriter<>("alerts", store, store::call, store::storeAll, alert -> "alert " + alert.getId(),
                context.getProcessingTimeService());
    }
}
