package io.leadpulse.gateway.health;

/** One condition {@code /readyz} waits for; the process that starts the gateway adds its own (Flink, Redis). */
public interface ReadinessCheck {
    /** A short name shown in the {@code /readyz} answer. */
    String name();

    boolean isReady();

    static ReadinessCheck of(String name, java.util.function.BooleanSupplier ready) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                try {
                    return ready.getAsBoolean();
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }
}
