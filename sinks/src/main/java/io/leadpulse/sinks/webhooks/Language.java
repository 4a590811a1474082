package io.leadpulse.sinks.webhooks;

/** The language of messages to people, from the team's rules ({@code language}: {@code en} or {@code zh}). */
public enum Language {
    EN, ZH;

    /** The rules' code; anything unknown or missing is English. */
    public static Language of(String code) {
        return "zh".equalsIgnoreCase(code) ? ZH : EN;
    }
}
