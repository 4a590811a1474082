package io.leadpulse.launcher.bench;

import java.time.Duration;

/**
 * CPU time used so far by this JVM and by the processes it started (the embedded Redis server), to turn a rate into
 * work per CPU-second: on a shared machine wall time alone says little.
 */
public record ProcessCpu(Duration jvm, Duration children) {
    public static ProcessCpu now() {
        Duration jvm = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        Duration children = ProcessHandle.current().children()
                .map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
        return new ProcessCpu(jvm, children);
    }

    /** What was used between {@code earlier} and this. */
    public ProcessCpu since(ProcessCpu earlier) {
        return new ProcessCpu(jvm.minus(earlier.jvm), children.minus(earlier.children));
    }

    public double jvmSeconds() {
        return jvm.toNanos() / 1e9;
    }

    public double childrenSeconds() {
        return children.toNanos() / 1e9;
    }
}
