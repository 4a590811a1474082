package io.leadpulse.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The layout of {@code LP_STATE_DIR}: Kafka's logs, Redis's files, Flink's checkpoints and the generated secrets,
 * which are kept (owner-only) so a second start reuses them.
 */
public record StateDirectory(Path root) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static StateDirectory at(Path root) {
        try {
            Files.createDirectories(root);
            return new StateDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + root, e);
        }
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path redis() {
        return root.resolve("redis");
    }

    /** The gateway's event spool and link snapshot. */
    public Path gateway() {
        return root.resolve("gateway");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The generated API key, created on first use. */
    public String apiKey() {
        return secret("api-key", () -> "lp_" + randomToken(24));
    }

    /** The key that signs click ids, created on first use. */
    public byte[] clickSigningKey() {
        return Base64.getDecoder().decode(secret("click-signing-key", () -> Base64.getEncoder().encodeToString(randomBytes(32))));
    }

    private String secret(String name, java.util.function.Supplier<String> generate) {
        Path file = root.resolve("secrets").resolve(name);
        try {
            Optional<String> existing = Files.exists(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
            if (existing.isPresent() && !existing.get().isEmpty()) {
                return existing.get();
            }
            Files.createDirectories(file.getParent());
            String value = generate.get();
            Path tmp = Files.createTempFile(file.getParent(), name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static String randomToken(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
