package io.leadpulse.gateway.bench;

import io.leadpulse.gateway.links.Link;
import io.leadpulse.gateway.links.LinkCodes;
import io.leadpulse.gateway.network.IpAddresses;
import io.leadpulse.gateway.network.IpRanges;
import io.leadpulse.gateway.network.TrustedProxies;
import io.leadpulse.gateway.redirect.ClickIds;
import io.leadpulse.gateway.redirect.CustomerClassifier;
import io.leadpulse.gateway.redirect.RedirectTargets;
import io.leadpulse.gateway.redirect.ScannerSignals;
import io.leadpulse.schemas.serde.AvroSerde;
import io.leadpulse.schemas.v1.Click;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces of work on the redirect's hot path, each alone: run with {@code deploy/bench/jmh.sh}.
 * A link registry of 100,000 links stands in for a busy gateway. Since session 16 the classifier, the scanner signals
 * and the serialisation run on the event sender's thread, off the IO thread (the code lookup, the click id and the
 * redirect's location stay on it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedirectHotPathBenchmark {
    private static final String CHROME =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final ClickIds clickIds = new ClickIds("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final CustomerClassifier classifier = new CustomerClassifier(IpRanges.none());
    private final ScannerSignals scanners = new ScannerSignals();
    private final AvroSerde<Click> clicks = AvroSerde.of(Click.class);
    private final TrustedProxies proxies = new TrustedProxies(IpRanges.parse("10.0.0.0/8, 2001:db8:aa::/48"));
    private final byte[] loadBalancer = IpAddresses.parse("10.0.0.5");
    private final List<String> forwardedFor = List.of("203.0.113.9, 10.1.1.1");
    private final byte[] customer = IpAddresses.parse("203.0.113.9");
    private IpRanges thousandScannerRanges;
    private String code;
    private String clickId;
    private Click click;
    private Instant created;

    @Setup
    public void fill() {
        LinkCodes codes = new LinkCodes();
        created = Instant.parse("2026-11-22T09:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            String c = codes.next();
            links.put(c, new Link(c, "r7", "t1", "L-" + i, "https://example.com/outline?v=2#top", null, "Course outline", created, null));
            code = c;
        }
        clickId = clickIds.issue(code);
        StringBuilder ranges = new StringBuilder("198.51.100.0/24");
        for (int i = 0; i < 1_000; i++) {
            ranges.append(",100.").append(64 + i / 256).append('.').append(i % 256).append(".0/24");
        }
        thousandScannerRanges = IpRanges.parse(ranges.toString());
        click = Click.newBuilder().setClickId(clickId).setCode(code).setTeamId("t1").setRepId("r7").setLeadId("L-1")
                .setTitle("Course outline").setOccurredAt(created.plusSeconds(60)).setLinkCreatedAt(created)
                .setMethod("GET").setUserAgent(CHROME).setVisitorId("AAAAAAAAAAAAAAAAAAAAAA").setNetwork("203.0.113.0/24")
                .build();
    }

    @Benchmark
    public Link codeLookup() {
        return LinkCodes.isWellFormed(code) ? links.get(code) : null;
    }

    @Benchmark
    public String clickIdIssue() {
        return clickIds.issue(code);
    }

    @Benchmark
    public boolean clickIdCheck() {
        return clickIds.isGenuine(clickId);
    }

    @Benchmark
    public Object classifyBrowser() {
        return classifier.nonCustomerReason("GET", CHROME, null);
    }

    @Benchmark
    public Object classifyPreviewBot() {
        return classifier.nonCustomerReason("GET", SLACK, null);
    }

    @Benchmark
    public Object scannerSignals() {
        return scanners.judge(code, "203.0.113.0/24", CHROME, "GET", created.plusSeconds(60), created);
    }

    @Benchmark
    public Object forwardedClientBehindTwoTrustedProxies() {
        return proxies.clientOf(loadBalancer, forwardedFor);
    }

    @Benchmark
    public boolean scannerNetworkLookupInAThousandRanges() {
        return thousandScannerRanges.contains(customer);
    }

    @Benchmark
    public String redirectLocation() {
        return RedirectTargets.withClickId("https://example.com/outline?v=2#top", clickId);
    }

    @Benchmark
    public byte[] clickSerialisation() {
        return clicks.serialize(click);
    }
}
