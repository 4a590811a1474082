package io.leadpulse.jobs.leads;

import io.leadpulse.jobs.decode.Decoder;
import io.leadpulse.jobs.decode.RawRecord;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.serde.InvalidRecordException;
import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.LeadEvent;

/** Reads {@code lp.events}, which carries both lead events and activities, told apart by their schema fingerprint. */
public final class LeadEventDecoder implements Decoder<LeadActivity> {
    private final AvroSerde<LeadEvent> leadEvents = AvroSerde.of(LeadEvent.class);
    private final AvroSerde<ActivityEvent> activities = AvroSerde.of(ActivityEvent.class);

    @Override
    public LeadActivity decode(RawRecord record) {
        LeadActivity activity;
        if (activities.recognises(record.value)) {
            activity = LeadActivity.of(activities.deserialize(record.value));
        } else if (leadEvents.recognises(record.value)) {
            activity = LeadActivity.of(leadEvents.deserialize(record.value));
        } else {
            throw new InvalidRecordException("neither a LeadEvent nor an ActivityEvent in Avro single-object encoding", null);
        }
        if (activity.leadId == null || activity.leadId.isEmpty()) {
            throw new InvalidRecordException(activity.type + " " + activity.id + " names no lead", null);
        }
        return activity;
    }
}
