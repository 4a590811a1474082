package io.leadpulse.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a record's schema, kept as resources
 * {@code io/leadpulse/schemas/history/<Name>/v1.avsc, v2.avsc, ...} so that readers decode what older
 * writers wrote and the build can prove each change compatible.
 */
public final class SchemaHistory {
    private static final String ROOT = "/io/leadpulse/schemas/history/";

    private SchemaHistory() {
    }

    /** The released versions of the record with this simple name, oldest first; empty if none. */
    public static List<Schema> versionsOf(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String path = ROOT + recordName + "/v" + v + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }
}
