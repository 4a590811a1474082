package io.leadpulse.sinks.webhooks.format.robots;

import io.leadpulse.sinks.webhooks.format.text.Escaper;

/**
 * How each robot's markup is defused in untrusted text. Where a robot documents an escape (Slack's {@code &amp; &lt;
 * &gt;}, the HTML entities of Feishu's card markdown) it is used; where it does not (WeCom and DingTalk markdown have
 * none), the characters that open markup are replaced with their full-width twins, which read the same to a person
 * and mean nothing to the robot: {@code ＜@all＞} is no mention, {@code ［x］(url)} no link, {@code ＊x＊} no bold.
 */
final class RobotEscapers {
    /** WeCom and DingTalk: mentions ({@code <@userid>}), HTML ({@code <font>}), links, images, bold, strike, code. */
    static final Escaper CHAT_MARKDOWN = text -> fullWidth(text, "<>[]*`~");

    /** Slack mrkdwn: {@code <!channel>}, {@code <@U123>} and {@code <url|label>} all need an unescaped {@code <}. */
    static final Escaper SLACK = text -> fullWidth(entities(text), "*`~");

    /** Feishu card markdown: {@code <at id=all>}, {@code <font>} and links. */
    static final Escaper FEISHU = text -> fullWidth(entities(text), "[]*`~");

    private RobotEscapers() {
    }

    private static String entities(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Each ASCII character of {@code which} becomes its full-width form (U+FF01..U+FF5E mirror U+0021..U+007E). */
    private static String fullWidth(String text, String which) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(which.indexOf(c) >= 0 ? (char) (c - 0x21 + 0xFF01) : c);
        }
        return out.toString();
    }
}
