package io.leadpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.ActivityEvent;
import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.schemas.v1.Click;
import io.leadpulse.schemas.v1.DwellBeacon;
import io.leadpulse.schemas.v1.LeadEvent;
import io.leadpulse.schemas.v1.LinkCreated;
import io.leadpulse.schemas.v1.PixelOpen;
import io.leadpulse.schemas.v1.RepLoad;
import io.leadpulse.schemas.v1.TeamRules;
import io.leadpulse.schemas.v1.WebhookSubscription;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record's current schema must be released (its exact form is the newest file in the history) and
 * compatible both ways with every released version: new readers read old data, old readers read new data.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(LinkCreated.getClassSchema(), Click.getClassSchema(), PixelOpen.getClassSchema(),
                DwellBeacon.getClassSchema(), LeadEvent.getClassSchema(), ActivityEvent.getClassSchema(),
                TeamRules.getClassSchema(), WebhookSubscription.getClassSchema(), Alert.getClassSchema(),
                RepLoad.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaIsTheNewestReleasedVersion(Schema current) {
        List<Schema> released = SchemaHistory.versionsOf(current.getName());
        assertThat(released)
                .as("schemas/src/main/resources/io/leadpulse/schemas/history/%s/ holds its released versions", current.getName())
                .isNotEmpty();
        Schema newest = released.get(released.size() - 1);
        assertThat(SchemaNormalization.parsingFingerprint64(newest))
                .as("%s changed: once it is compatible, add it as v%d.avsc in its history", current.getName(), released.size() + 1)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void currentSchemaReadsAndIsReadByEveryReleasedVersion(Schema current) {
        for (Schema released : SchemaHistory.versionsOf(current.getName())) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                    .as("%s: the current schema must read data written with a released version", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                    .as("%s: released readers must read data written with the current schema", current.getName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }
}
