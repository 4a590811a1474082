package io.leadpulse.sinks.webhooks.format.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * A WeCom group robot: {@code POST /cgi-bin/webhook/send?key=<key>}, errcode 93000 for an unknown key, markdown content
 * of at most 4096 UTF-8 bytes, {@code {"errcode":0,"errmsg":"ok"}} when the message is posted.
 */
public final class WeComRobot extends FakeReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String key;

    public WeComRobot(String key) {
        this.key = key;
    }

    public String webhookUrl(String key) {
        return url("/cgi-bin/webhook/send?key=" + key);
    }

    @Override
    protected Answer answer(Received request) {
        if (!"/cgi-bin/webhook/send".equals(request.uri().getPath()) || !key.equals(request.query().get("key"))) {
            return Answer.json("{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1], more info at https://open.work.weixin.qq.com/devtool/query?e=93000\"}");
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            if (!"markdown".equals(body.path("msgtype").asText())) {
                return Answer.json("{\"errcode\":40008,\"errmsg\":\"invalid message type\"}");
            }
            String content = body.path("markdown").path("content").asText("");
            if (content.isEmpty()) {
                return Answer.json("{\"errcode\":44004,\"errmsg\":\"empty content\"}");
            }
            if (content.getBytes(StandardCharsets.UTF_8).length > 4096) {
                return Answer.json("{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096\"}");
            }
        } catch (Exception e) {
            return Answer.json("{\"errcode\":40035,\"errmsg\":\"invalid json\"}");
        }
        return Answer.json("{\"errcode\":0,\"errmsg\":\"ok\"}");
    }
}
