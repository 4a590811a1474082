package io.leadpulse.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of {@code leadpulse <args>} in this JVM, as a person at a terminal sees it: what it printed (the commands
 * print to the process's standard streams) and its exit code.
 */
record CommandLineRun(int exitCode, String out, String err) {
    static synchronized CommandLineRun leadpulse(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exitCode = new CommandLine(new LeadPulse()).execute(args);
            return new CommandLineRun(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
