package io.leadpulse.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leadpulse} command line. */
@Command(name = "leadpulse", mixinStandardHelpOptions = true, version = "LeadPulse 0.1.0",
        description = "Real-time behaviour tracking for sales teams.",
        subcommands = {LeadPulse.Up.class, LeadPulse.Gateway.class, WebhooksCommand.class})
public final class LeadPulse implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LeadPulse()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code leadpulse up}: runs the whole pipeline in the foreground until Ctrl-C or SIGTERM. */
    @Command(name = "up", description = "Start the gateway, Kafka, the Flink jobs and Redis; Ctrl-C stops them.")
    static class Up implements Callable<Integer> {
        private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

        /** Whether this command runs the detection job besides the gateway. */
        boolean withDetection() {
            return true;
        }

        @Override
        public Integer call() throws Exception {
            LeadPulseConfig config;
            try {
                config = LeadPulseConfig.fromEnvironment(System.getenv(), true);
            } catch (LeadPulseConfig.ConfigException e) {
                System.err.println("leadpulse: " + e.getMessage());
                return 2;
            }
            boolean keyGenerated = config.apiKey().isEmpty();
            System.out.println("Starting LeadPulse (state in " + config.stateDir() + ") ...");
            // The stop is in place before the first part starts, so Ctrl-C while starting stops what has started.
            AtomicReference<Pipeline> toStop = new AtomicReference<>();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Pipeline starting = toStop.get();
                if (starting != null) {
                    System.out.println("Stopping LeadPulse ...");
                    starting.close();
                    System.out.println("LeadPulse stopped.");
                }
                stopped.countDown();
            }, "lp-shutdown"));
            Pipeline pipeline;
            try {
                pipeline = Pipeline.start(config, withDetection(), toStop::set);
            } catch (RuntimeException e) {
                toStop.set(null); // stopped already
                if (!Pipeline.STOPPED_WHILE_STARTING.equals(e.getMessage())) {
                    System.err.println("leadpulse: cannot start: " + rootMessage(e));
                }
                return 1;
            }
            if (!pipeline.awaitReady(READY_TIMEOUT)) {
                System.err.println("leadpulse: not ready after " + READY_TIMEOUT.toSeconds() + " s; see GET /readyz for what is missing");
            }
            printBanner(System.out, pipeline, keyGenerated);
            stopped.await();
            return 0;
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = String.valueOf(e.getMessage());
            if (root instanceof java.net.BindException) {
                return message + "; is another program using LP_HTTP_PORT?";
            }
            return root == e || message.contains(String.valueOf(root.getMessage())) ? message : message + " (" + root + ")";
        }

        private static void printBanner(PrintStream out, Pipeline pipeline, boolean keyGenerated) {
            LeadPulseConfig config = pipeline.config();
            String gateway = "http://localhost:" + pipeline.httpPort();
            out.println();
            out.println("LeadPulse is up.");
            out.println("  Gateway      " + gateway + "   (health " + gateway + "/healthz, readiness " + gateway + "/readyz, metrics " + gateway + "/metrics)");
            out.println("  Links        " + config.publicBaseUrl() + "/l/<code>");
            out.println("  API key      " + pipeline.apiKey() + (keyGenerated ? "   (generated, kept in " + config.stateDir().resolve("secrets/api-key") + ")" : "   (from LP_API_KEY)"));
            out.println("  Kafka        " + pipeline.kafkaBootstrap() + (pipeline.isKafkaEmbedded() ? "   (embedded)" : ""));
            out.println("  Redis        " + pipeline.redisUrl() + (pipeline.isRedisEmbedded() ? "   (embedded)" : ""));
            out.println("  Flink        " + (pipeline.runsDetection()
                    ? "detection job on an embedded mini cluster, checkpoints in " + config.stateDir().resolve("checkpoints")
                    : "not started here (gateway only)"));
            out.println("  State        " + config.stateDir());
            out.println("Press Ctrl-C to stop.");
            out.flush();
        }
    }

    /** {@code leadpulse gateway}: the gateway alone (with Kafka and Redis as configured or embedded), no detection job. */
    @Command(name = "gateway", description = "Start only the tracking gateway (and embedded Kafka/Redis unless configured).")
    static final class Gateway extends Up {
        @Override
        boolean withDetection() {
            return false;
        }
    }
}
