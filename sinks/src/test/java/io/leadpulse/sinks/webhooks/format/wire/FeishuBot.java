package io.leadpulse.sinks.webhooks.format.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * A Feishu custom bot: {@code POST /open-apis/bot/v2/hook/<token>}; with a secret, the body's {@code timestamp}
 * (seconds) must be within an hour and {@code sign} equal base64 HMAC-SHA256 keyed with {@code "<timestamp>\n<secret>"}
 * over nothing; an interactive card needs a header title and elements; bodies stop at 20 KB.
 */
public final class FeishuBot extends FakeReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN_FAILED =
            "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";
    private final String token;
    private final String secret;

    public FeishuBot(String token, String secret) {
        this.token = token;
        this.secret = secret;
    }

    public String webhookUrl() {
        return url("/open-apis/bot/v2/hook/" + token);
    }

    @Override
    protected Answer answer(Received request) {
        if (!("/open-apis/bot/v2/hook/" + token).equals(request.uri().getPath())) {
            return Answer.json("{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}");
        }
        if (request.body().length > 20 * 1024) {
            return Answer.json("{\"code\":9499,\"data\":{},\"msg\":\"request body too large\"}");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (Exception e) {
            return Answer.json("{\"code\":9499,\"data\":{},\"msg\":\"Bad Request\"}");
        }
        if (secret != null) {
            String timestamp = body.path("timestamp").isTextual() ? body.path("timestamp").asText() : null;
            String sign = body.path("sign").asText(null);
            if (timestamp == null || sign == null || !timestamp.matches("\\d{10}")
                    || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 3600
                    || !TestHmac.base64(timestamp + "\n" + secret, "").equals(sign)) {
                return Answer.json(SIGN_FAILED);
            }
        }
        JsonNode card = body.path("card");
        if (!"interactive".equals(body.path("msg_type").asText()) || card.path("header").path("title").path("content").asText("").isEmpty()
                || !card.path("elements").isArray() || card.path("elements").isEmpty()) {
            return Answer.json("{\"code\":11246,\"data\":{},\"msg\":\"card content is invalid\"}");
        }
        for (JsonNode element : card.path("elements")) {
            String tag = element.path("tag").asText();
            if (!tag.equals("hr") && !(tag.equals("markdown") && !element.path("content").asText("").isEmpty())) {
                return Answer.json("{\"code\":11246,\"data\":{},\"msg\":\"unknown element " + tag + "\"}");
            }
        }
        return Answer.json("{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }
}
