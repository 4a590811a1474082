package io.leadpulse.sinks.webhooks.format.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;

/**
 * A DingTalk custom robot: {@code POST /robot/send?access_token=<token>}, with "加签" when it has a secret: the
 * {@code timestamp} (ms) must be within an hour of its clock and {@code sign} must equal base64 HMAC-SHA256 of
 * {@code "<timestamp>\n<secret>"}; a markdown message needs a title and a text.
 */
public final class DingTalkRobot extends FakeReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String token;
    private final String secret;

    /** @param secret the robot's signing secret, or null for a robot without "加签" */
    public DingTalkRobot(String token, String secret) {
        this.token = token;
        this.secret = secret;
    }

    public String webhookUrl() {
        return url("/robot/send?access_token=" + token);
    }

    @Override
    protected Answer answer(Received request) {
        Map<String, String> query = request.query();
        if (!"/robot/send".equals(request.uri().getPath()) || !token.equals(query.get("access_token"))) {
            return Answer.json("{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
        }
        if (secret != null) {
            String timestamp = query.get("timestamp");
            String sign = query.get("sign");
            if (timestamp == null || sign == null || !timestamp.matches("\\d{13}")) {
                return Answer.json("{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
            }
            if (Math.abs(Instant.now().toEpochMilli() - Long.parseLong(timestamp)) > 3_600_000L) {
                return Answer.json("{\"errcode\":310000,\"errmsg\":\"invalid timestamp\"}");
            }
            if (!TestHmac.base64(secret, timestamp + "\n" + secret).equals(sign)) {
                return Answer.json("{\"errcode\":310000,\"errmsg\":\"description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中\"}");
            }
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            JsonNode markdown = body.path("markdown");
            if (!"markdown".equals(body.path("msgtype").asText()) || markdown.path("title").asText("").isEmpty()
                    || markdown.path("text").asText("").isEmpty()) {
                return Answer.json("{\"errcode\":40035,\"errmsg\":\"缺少参数 markdown.title 或 markdown.text\"}");
            }
            if (request.body().length > 20_000) {
                return Answer.json("{\"errcode\":460101,\"errmsg\":\"message too long\"}");
            }
        } catch (Exception e) {
            return Answer.json("{\"errcode\":43004,\"errmsg\":\"无效的HTTP HEADER Content-Type\"}");
        }
        return Answer.json("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }
}
