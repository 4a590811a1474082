package io.leadpulse.jobs.decode;

/** A record the job could not decode, with the reason, kept for a person to look at or replay. A Flink POJO. */
public final class DeadLetter {
    public String origin;
    public String reason;
    public byte[] key;
    public byte[] value;

    public DeadLetter() {
    }

    public DeadLetter(RawRecord record, String reason) {
        this.origin = record.origin();
        this.reason = reason;
        this.key = record.key;
        this.value = record.value;
    }
}
