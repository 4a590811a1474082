package io.leadpulse.jobs.decode;

/**
 * A Kafka record as it came, before decoding: decoding happens in the job, where a record that cannot be read is
 * sent to the dead-letter topic instead of stopping the source. A Flink POJO.
 */
public final class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The time Kafka stored with the record (the producer's send time): the job's event-time basis. */
    public long timestampMillis;
    public byte[] key;
    public byte[] value;

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestampMillis, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
        this.key = key;
        this.value = value;
    }

    /** Where the record lives, for logs and dead letters: {@code topic-partition@offset}. */
    public String origin() {
        return topic + "-" + partition + "@" + offset;
    }
}
