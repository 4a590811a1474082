package io.leadpulse.sinks.webhooks.format.text;

import io.leadpulse.sinks.webhooks.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of one language ({@code wording_<language>.properties}), kept out of the code so that a person can
 * change what a message says without touching how it is sent. Times are always said in UTC, and say so, because a
 * team's robot is read in more than one time zone and an unlabelled time is a wrong time for someone.
 */
public final class Wording {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Map<Language, Wording> LOADED = new EnumMap<>(Language.class);

    static {
        for (Language language : Language.values()) {
            LOADED.put(language, load(language));
        }
    }

    private final Properties words;
    private final DateTimeFormatter time;

    private Wording(Properties words) {
        this.words = words;
        this.time = DateTimeFormatter.ofPattern(text("time.pattern")).withZone(ZoneOffset.UTC);
    }

    public static Wording of(Language language) {
        return LOADED.get(language);
    }

    public boolean has(String key) {
        return words.containsKey(key);
    }

    public String text(String key) {
        String text = words.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no wording for " + key);
        }
        return text;
    }

    /** The wording for {@code key} with its {@code {placeholders}} replaced; values are inserted as given. */
    public String fill(String key, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(text(key));
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : text("unknown")));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }

    /** A point in time as this language says it, in UTC. */
    public String time(Instant instant) {
        return time.format(instant);
    }

    private static Wording load(Language language) {
        String name = "wording_" + language.name().toLowerCase() + ".properties";
        try (InputStream in = Wording.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            Properties words = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                words.load(reader);
            }
            return new Wording(words);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
