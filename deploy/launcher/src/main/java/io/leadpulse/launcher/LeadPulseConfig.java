package io.leadpulse.launcher;

import io.leadpulse.gateway.GatewayConfig;
import io.leadpulse.gateway.network.IpRanges;
import io.leadpulse.sinks.webhooks.delivery.WebhookSinkSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;

/**
 * The process's configuration, read once from the environment (contract section 1). Absent Kafka or Redis means
 * "start an embedded one".
 */
public record LeadPulseConfig(int httpPort, URI publicBaseUrl, Optional<String> apiKey, Optional<String> kafkaBootstrap,
                              Optional<String> redisUrl, Path stateDir, boolean webhookAllowPrivate,
                              List<Duration> webhookRetrySchedule, int webhookEndpointConcurrency,
                              double beaconsPerClientPerSecond, IpRanges trustedProxies, IpRanges scannerNetworks,
                              Duration checkpointInterval, KeyedStateSettings keyedState, int eventQueueCapacity,
                              int flinkRestPort) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_RETRY_SCHEDULE = "0s,5s,5m,30m,2h,5h,10h,10h";
    /**
     * Every 5 s: the heap state backend writes all of its state at every checkpoint, which took a third of the JVM's CPU
     * at 5,000 clicks/s with one a second (docs/benchmarks.md); alerts reach Redis and webhooks without waiting for a
     * checkpoint, only {@code lp.alerts} readers (read_committed) see them up to one interval later.
     */
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "5s";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /**
     * @param env        the environment variables
     * @param allowPrivateDefault {@code true} for {@code up} (a laptop), {@code false} otherwise
     */
    public static LeadPulseConfig fromEnvironment(Map<String, String> env, boolean allowPrivateDefault) {
        int port = port("LP_HTTP_PORT", env.getOrDefault("LP_HTTP_PORT", String.valueOf(DEFAULT_HTTP_PORT)));
        URI base = baseUrl(nonBlank(env.get("LP_PUBLIC_BASE_URL")).orElse("http://localhost:" + port));
        return new LeadPulseConfig(
                port,
                base,
                nonBlank(env.get("LP_API_KEY")),
                nonBlank(env.get("LP_KAFKA_BOOTSTRAP")),
                nonBlank(env.get("LP_REDIS_URL")).map(LeadPulseConfig::redisUrl),
                Path.of(nonBlank(env.get("LP_STATE_DIR")).orElse(".leadpulse")).toAbsolutePath().normalize(),
                bool("LP_WEBHOOK_ALLOW_PRIVATE", env.get("LP_WEBHOOK_ALLOW_PRIVATE"), allowPrivateDefault),
                retrySchedule(nonBlank(env.get("LP_WEBHOOK_RETRY_SCHEDULE")).orElse(DEFAULT_RETRY_SCHEDULE)),
                endpointConcurrency(nonBlank(env.get("LP_WEBHOOK_ENDPOINT_CONCURRENCY"))
                        .orElse(String.valueOf(WebhookSinkSettings.DEFAULT_ENDPOINT_CONCURRENCY))),
                rate("LP_BEACON_RATE_PER_CLIENT", nonBlank(env.get("LP_BEACON_RATE_PER_CLIENT"))
                        .orElse(String.valueOf(GatewayConfig.DEFAULT_BEACONS_PER_CLIENT_PER_SECOND))),
                ranges("LP_TRUSTED_PROXIES", env.get("LP_TRUSTED_PROXIES")),
                ranges("LP_SCANNER_NETWORKS", env.get("LP_SCANNER_NETWORKS")),
                checkpointInterval(nonBlank(env.get("LP_CHECKPOINT_INTERVAL")).orElse(DEFAULT_CHECKPOINT_INTERVAL)),
                new KeyedStateSettings(stateBackend(nonBlank(env.get("LP_STATE_BACKEND")).orElse("hashmap")),
                        nonBlank(env.get("LP_ROCKSDB_MEMORY")).map(LeadPulseConfig::rocksDbMemory)
                                .orElse(KeyedStateSettings.DEFAULT_ROCKSDB_MEMORY)),
                eventQueueCapacity(nonBlank(env.get("LP_EVENT_QUEUE_CAPACITY"))
                        .orElse(String.valueOf(GatewayConfig.DEFAULT_EVENT_QUEUE_CAPACITY))),
                port("LP_FLINK_REST_PORT", nonBlank(env.get("LP_FLINK_REST_PORT")).orElse("0")));
    }

    /** Where the detection job keeps its keyed state ({@code LP_STATE_BACKEND}). */
    public FlinkMiniCluster.StateBackend stateBackend() {
        return keyedState.backend();
    }

    /** What the webhook sink takes from this configuration, with the Kafka and Redis the process ended up using. */
    public WebhookSinkSettings webhookSinkSettings(String kafkaBootstrap, String redisUrl) {
        return new WebhookSinkSettings(kafkaBootstrap, redisUrl, webhookRetrySchedule, webhookAllowPrivate,
                webhookEndpointConcurrency, Clock.systemUTC());
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a port number (0-65535), not '" + value + "'");
        }
    }

    private static URI baseUrl(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LP_PUBLIC_BASE_URL must be an absolute http(s) URL, not '" + value + "'");
        }
    }

    private static String redisUrl(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException("LP_REDIS_URL must look like redis://[:password@]host:port[/db], not '" + value + "'");
        }
        return value;
    }

    private static double rate(String name, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate < 0 || !Double.isFinite(rate)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number of requests a second, 0 or more (0 = no limit), not '" + value + "'");
        }
    }

    private static IpRanges ranges(String name, String value) {
        try {
            return IpRanges.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be comma-separated IP addresses or CIDR ranges"
                    + " (e.g. 10.0.0.0/8,2001:db8::/32); " + e.getMessage());
        }
    }

    private static int endpointConcurrency(String value) {
        int most = WebhookSinkSettings.MOST_ENDPOINT_CONCURRENCY;
        try {
            int concurrency = Integer.parseInt(value);
            if (concurrency < 1 || concurrency > most) {
                throw new NumberFormatException();
            }
            return concurrency;
        } catch (NumberFormatException e) {
            throw new ConfigException("LP_WEBHOOK_ENDPOINT_CONCURRENCY must be a whole number of attempts from 1 to " + most
                    + ", not '" + value + "'");
        }
    }

    private static int eventQueueCapacity(String value) {
        try {
            int capacity = Integer.parseInt(value);
            if (capacity < 1) {
                throw new NumberFormatException();
            }
            return capacity;
        } catch (NumberFormatException e) {
            throw new ConfigException("LP_EVENT_QUEUE_CAPACITY must be a whole number of events, 1 or more, not '" + value + "'");
        }
    }

    private static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static Duration checkpointInterval(String value) {
        Matcher m = DURATION.matcher(value);
        Duration interval = m.matches() ? duration(Long.parseLong(m.group(1)), m.group(2)) : Duration.ZERO;
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("LP_CHECKPOINT_INTERVAL must be a duration from 100ms to 1h such as 1s or 10s, not '" + value + "'");
        }
        return interval;
    }

    private static FlinkMiniCluster.StateBackend stateBackend(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "hashmap" -> FlinkMiniCluster.StateBackend.HASHMAP;
            case "rocksdb" -> FlinkMiniCluster.StateBackend.ROCKSDB;
            default -> throw new ConfigException("LP_STATE_BACKEND must be hashmap or rocksdb, not '" + value + "'");
        };
    }

    /** Checked whatever the backend, so that a switch to RocksDB never meets a bad value for the first time. */
    private static MemorySize rocksDbMemory(String value) {
        long most = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        MemorySize size;
        try {
            size = MemorySize.parse(value);
        } catch (IllegalArgumentException e) {
            size = MemorySize.ZERO;
        }
        if (size.compareTo(KeyedStateSettings.LEAST_ROCKSDB_MEMORY) < 0 || size.getBytes() > most) {
            throw new ConfigException("LP_ROCKSDB_MEMORY must be a size such as 512m or 2g, from "
                    + KeyedStateSettings.LEAST_ROCKSDB_MEMORY.getMebiBytes() + "m to the machine's " + most / (1 << 20)
                    + "m (a bare number is bytes), not '" + value + "'");
        }
        return size;
    }

    static List<Duration> retrySchedule(String value) {
        List<Duration> delays = new ArrayList<>();
        for (String part : value.split(",")) {
            Matcher m = DURATION.matcher(part.trim());
            if (!m.matches()) {
                throw new ConfigException("LP_WEBHOOK_RETRY_SCHEDULE must be comma-separated delays such as "
                        + DEFAULT_RETRY_SCHEDULE + "; '" + part.trim() + "' is not one");
            }
            delays.add(duration(Long.parseLong(m.group(1)), m.group(2)));
        }
        return List.copyOf(delays);
    }

    private static Duration duration(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A configuration value that cannot be used; its message tells the person what to change. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
