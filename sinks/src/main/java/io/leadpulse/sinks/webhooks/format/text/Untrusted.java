package io.leadpulse.sinks.webhooks.format.text;

/**
 * Text from outside, made to sit on one line of a message: line breaks and other control characters become spaces (so
 * a customer's text cannot start a heading, a quote or a list in the robot's markdown) and long text is cut at a
 * character boundary with an ellipsis.
 */
public final class Untrusted {
    static final String ELLIPSIS = "\u2026";

    private Untrusted() {
    }

    public static String oneLine(String text, int maxCodePoints) {
        StringBuilder line = new StringBuilder(Math.min(text.length(), maxCodePoints * 2));
        int kept = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            boolean blank = Character.isWhitespace(codePoint) || Character.isISOControl(codePoint)
                    || Character.getType(codePoint) == Character.FORMAT && codePoint != 0x200D;
            if (blank) {
                space = kept > 0;
                continue;
            }
            if (kept + (space ? 1 : 0) >= maxCodePoints) {
                return line + ELLIPSIS;
            }
            if (space) {
                line.append(' ');
                kept++;
                space = false;
            }
            line.appendCodePoint(codePoint);
            kept++;
        }
        return line.toString();
    }
}
