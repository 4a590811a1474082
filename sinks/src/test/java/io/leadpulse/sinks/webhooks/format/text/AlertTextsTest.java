package io.leadpulse.sinks.webhooks.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.schemas.v1.Alert;
import io.leadpulse.sinks.webhooks.Language;
import io.leadpulse.sinks.webhooks.format.wire.SampleAlerts;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlertTextsTest {
    static final TextBudget ROOMY = new TextBudget(80, 300);

    static AlertText text(Alert alert, Language language) {
        return AlertTexts.of(alert, language, Escaper.LITERAL, ROOMY);
    }

    static Map<String, String> fields(AlertText text) {
        return text.fields().stream().collect(Collectors.toMap(AlertText.Field::label, AlertText.Field::value));
    }

    @Test
    void everyTypeInEveryLanguageNamesTheLeadTheRepWhyAndWhenInUtc() {
        for (Language language : Language.values()) {
            Wording words = Wording.of(language);
            for (Alert alert : SampleAlerts.everyType()) {
                AlertText text = text(alert, language);
                Map<String, String> fields = fields(text);

                if (alert.getLeadId() != null) {
                    assertThat(fields.get(words.text("label.lead"))).as(alert.getType()).isEqualTo(alert.getLeadId());
                    assertThat(text.headline()).as(alert.getType()).contains(alert.getLeadId());
                }
                assertThat(fields.get(words.text("label.rep"))).as(alert.getType()).isEqualTo("r7");
                assertThat(fields.get(words.text("label.why"))).as(alert.getType()).isNotBlank().doesNotContain("{", "?", "\uff1f");
                assertThat(fields.get(words.text("label.when"))).as(alert.getType()).contains("09:31").contains("UTC");
                assertThat(text.headline()).as(alert.getType()).doesNotContain("{", "?", "\uff1f");
            }
        }
    }

    @Test
    void englishSaysTheFiguresThatExplainEachAlert() {
        assertThat(text(SampleAlerts.contentReached(), Language.EN).headline()).isEqualTo("L-1 opened \u201cCourse outline\u201d");
        assertThat(fields(text(SampleAlerts.contentReached(), Language.EN)).get("Why")).contains("link 7fQk2c", "not a link preview");
        assertThat(text(SampleAlerts.deepRead(), Language.EN).headline()).isEqualTo("L-1 has read \u201cCourse outline\u201d for 92 s");
        assertThat(fields(text(SampleAlerts.activated(), Language.EN)).get("Why"))
                .isEqualTo("The customer's inquiry came 12 min after they opened \u201cCourse outline\u201d.");
        assertThat(fields(text(SampleAlerts.silent(), Language.EN)).get("Why"))
                .isEqualTo("No call, message, meeting or customer action at all for 3 days, since 2026-11-19 09:31 UTC.");
        assertThat(text(SampleAlerts.firstResponseOverdue(), Language.EN).headline()).isEqualTo("No first response to L-2 within 15 min");
        assertThat(fields(text(SampleAlerts.firstResponseOverdue(), Language.EN)).get("Why")).contains("Assigned at 2026-11-22 09:16 UTC");
        assertThat(fields(text(SampleAlerts.repOverloaded(), Language.EN)).get("Why")).isEqualTo(
                "8 leads waiting for a first response against a capacity of 8; 23 open leads, load 100%.");
        assertThat(fields(text(SampleAlerts.repOverloaded(), Language.EN))).doesNotContainKey("Lead");
        assertThat(fields(text(SampleAlerts.deepRead(), Language.EN)).get("When")).isEqualTo("2026-11-22 09:31 UTC");
    }

    @Test
    void chineseReadsNaturally() {
        assertThat(text(SampleAlerts.contentReached(), Language.ZH).headline()).isEqualTo("L-1 打开了《Course outline》");
        assertThat(text(SampleAlerts.deepRead(), Language.ZH).headline()).isEqualTo("L-1 已认真阅读《Course outline》 92 秒");
        assertThat(fields(text(SampleAlerts.activated(), Language.ZH)).get("原因")).isEqualTo("客户打开《Course outline》 12 分钟后发来了咨询。");
        assertThat(text(SampleAlerts.silent(), Language.ZH).headline()).isEqualTo("L-1 已沉默 3 天");
        assertThat(fields(text(SampleAlerts.silent(), Language.ZH)).get("原因")).startsWith("自 2026年11月19日 09:31（UTC） 起");
        assertThat(text(SampleAlerts.firstResponseOverdue(), Language.ZH).headline()).isEqualTo("L-2 分配后 15 分钟内无人跟进");
        assertThat(fields(text(SampleAlerts.repOverloaded(), Language.ZH)).get("原因"))
                .isEqualTo("等待首次响应的线索 8 条，容量上限 8 条；在跟线索 23 条，负荷 100%。");
        assertThat(fields(text(SampleAlerts.deepRead(), Language.ZH)).get("时间")).isEqualTo("2026年11月22日 09:31（UTC）");
    }

    @Test
    void aSilentLeadCarriesTheCustomersLastMessages() {
        AlertText.Quotes quotes = text(SampleAlerts.silent(), Language.EN).quotes();

        assertThat(quotes.label()).isEqualTo("Last customer messages");
        assertThat(quotes.messages()).containsExactly("Can you send the PLC interface spec?", "What is the price for 20 seats?");
        assertThat(text(SampleAlerts.silent("L-9", List.of()), Language.ZH).quotes().note()).isEqualTo("暂无记录");
        assertThat(AlertTexts.of(SampleAlerts.silent(), Language.EN, Escaper.LITERAL, new TextBudget(80, 0)).quotes().note())
                .isEqualTo("2 message(s), left out to fit the robot's size limit");
        assertThat(text(SampleAlerts.deepRead(), Language.EN).hasQuotes()).isFalse();
    }

    @Test
    void untrustedTextIsCutToTheBudgetAndEscaped() {
        Alert alert = SampleAlerts.silent("L-" + "9".repeat(100), List.of("x".repeat(500)));

        AlertText text = AlertTexts.of(alert, Language.EN, untrusted -> "[" + untrusted + "]", new TextBudget(10, 20));

        assertThat(fields(text).get("Lead")).isEqualTo("[L-99999999\u2026]");
        assertThat(text.quotes().messages()).containsExactly("[" + "x".repeat(20) + "\u2026]");
    }

    @Test
    void anAlertTypeThisVersionDoesNotKnowIsStillSaid() {
        Alert alert = SampleAlerts.alert("a-new", "lead.stage_stuck", "L-5", "r3", "L-5 has been in stage 'quote' for 6 working days", Map.of());

        AlertText text = text(alert, Language.ZH);

        assertThat(text.headline()).isEqualTo("lead.stage_stuck");
        assertThat(fields(text).get("原因")).isEqualTo("L-5 has been in stage 'quote' for 6 working days");
        assertThat(AlertTexts.typeName("lead.stage_stuck", Language.ZH)).isEqualTo("提醒");
    }

    @Test
    void aMergedMessageIsSummedUpByType() {
        List<Alert> alerts = List.of(SampleAlerts.silent(), SampleAlerts.silent("L-2", List.of()), SampleAlerts.deepRead());

        assertThat(Summaries.of(alerts, Language.EN)).isEqualTo("3 LeadPulse alerts: 2 \u00d7 Lead silent, 1 \u00d7 Deep read");
        assertThat(Summaries.of(alerts, Language.ZH)).isEqualTo("LeadPulse 共 3 条提醒：线索沉默 2 条，深度阅读 1 条");
    }
}
