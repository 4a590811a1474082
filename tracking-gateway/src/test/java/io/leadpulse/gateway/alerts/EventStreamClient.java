package io.leadpulse.gateway.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A client of a {@code text/event-stream}, as a browser's EventSource would read it: the JDK HTTP client streams the
 * body line by line on a thread of its own, and the test takes events, comments and the end of the stream as they come.
 */
final class EventStreamClient implements AutoCloseable {
    /** One thing read from the stream. */
    sealed interface Received permits Event, Comment, Retry, End {
    }

    record Event(String id, String data) implements Received {
    }

    record Comment(String text) implements Received {
    }

    record Retry(long millis) implements Received {
    }

    record End(String why) implements Received {
    }

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-event-stream-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static EventStreamClient open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            return new EventStreamClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    /** Waits for the server's {@code retry:} line: from then on, new alerts reach this client. */
    void awaitConnected() {
        Received first = next(Duration.ofSeconds(10));
        if (!(first instanceof Retry)) {
            throw new AssertionError("expected the stream to start with retry:, got " + first);
        }
    }

    /** The next thing read, or null when nothing came within {@code wait}. */
    Received next(Duration wait) {
        try {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code count} events (comments skipped), failing if they do not all come within {@code wait}. */
    List<Event> events(int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Event> events = new ArrayList<>();
        while (events.size() < count) {
            Received next = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (next == null || next instanceof End) {
                throw new AssertionError("got " + events.size() + " of " + count + " events, then " + (next == null ? "nothing" : next));
            }
            if (next instanceof Event event) {
                events.add(event);
            }
        }
        return events;
    }

    /** Whatever events come within {@code wait} (comments skipped). */
    List<Event> eventsWithin(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Event> events = new ArrayList<>();
        for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Received next = next(Duration.ofNanos(left));
            if (next instanceof Event event) {
                events.add(event);
            } else if (next == null || next instanceof End) {
                break;
            }
        }
        return events;
    }

    private void read() {
        String id = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received.add(new Event(id, data.toString()));
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    received.add(new Comment(line.substring(1)));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).strip());
                } else if (line.startsWith("retry:")) {
                    received.add(new Retry(Long.parseLong(line.substring(6).strip())));
                }
            }
            received.add(new End("the server ended the stream"));
        } catch (RuntimeException e) {
            received.add(new End(e.toString()));
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
