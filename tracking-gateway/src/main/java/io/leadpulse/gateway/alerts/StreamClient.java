package io.leadpulse.gateway.alerts;

import io.undertow.server.handlers.sse.ServerSentEventConnection;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One connected client of {@code /v1/alerts/stream}: what it has been sent, and how it gets from its Last-Event-ID to
 * the live alerts without a gap or a repeat.
 *
 * <p>A client that resumes is registered with the tailer first and then catches up from Redis page by page. Live
 * alerts that arrive meanwhile are held; at the end of the catch-up the held ones after the last entry read are sent
 * and the client goes live. Every alert the tailer handed out before the registration was already in the stream, so
 * the catch-up reads it; everything after reaches the client live; and an id at or before the client's position is
 * never sent again. When more live alerts arrive than can be held, the held ones are dropped and the catch-up simply
 * reads on: they are in the stream too.
 *
 * <p>Events are queued on the connection without blocking; a client whose backlog (events queued but not yet written
 * to its socket) passes {@link #MAX_BACKLOG} is disconnected instead of buffering without bound. It may reconnect with
 * its Last-Event-ID and lose nothing. The catch-up waits for the backlog to drain before reading its next page, so
 * resuming after a long absence is paced by the client, not cut off.
 */
final class StreamClient {
    static final int MAX_BACKLOG = 1000;
    static final int CATCH_UP_PAGE = 200;
    /** The catch-up reads its next page once the backlog is down to this. */
    private static final int RESUME_BACKLOG = 100;
    private static final int MAX_HELD = 1000;

    /** How a client's catch-up reads the stream and schedules its next step, and what happens when it leaves. */
    interface Host {
        List<StreamEntry> read(StreamEntryID after, int count);

        void schedule(Runnable step);

        void disconnected(StreamClient client, boolean tooSlow);
    }

    private final ServerSentEventConnection connection;
    private final XnioIoThread ioThread;
    private final String teamId;
    private final Host host;
    private final AtomicInteger backlog = new AtomicInteger();
    /** True while the catch-up waits for the backlog to drain. */
    private final AtomicBoolean parked = new AtomicBoolean();
    private final ServerSentEventConnection.EventCallback written = new ServerSentEventConnection.EventCallback() {
        @Override
        public void done(ServerSentEventConnection connection, String data, String event, String id) {
            if (backlog.decrementAndGet() <= RESUME_BACKLOG && parked.compareAndSet(true, false)) {
                host.schedule(StreamClient.this::catchUp);
            }
        }

        @Override
        public void failed(ServerSentEventConnection connection, String data, String event, String id, IOException e) {
            backlog.decrementAndGet();
        }
    };

    // Guarded by this.
    /** The last stream entry handled (sent, filtered out or unreadable); null = none yet. */
    private StreamEntryID position;
    private boolean catchingUp;
    private final ArrayDeque<StreamAlert> held = new ArrayDeque<>();
    private boolean heldDropped;
    /**
     * Also set without the lock: Undertow runs close tasks holding the connection's monitor, and this client holds its
     * own lock while it sends, so taking it there could deadlock.
     */
    private volatile boolean closed;

    /**
     * @param teamId    only this team's alerts; null = all
     * @param lastEvent the id of the last event the client has; null = new alerts only
     */
    StreamClient(ServerSentEventConnection connection, XnioIoThread ioThread, String teamId, StreamEntryID lastEvent, Host host) {
        this.connection = connection;
        this.ioThread = ioThread;
        this.teamId = teamId;
        this.host = host;
        this.position = lastEvent;
        this.catchingUp = lastEvent != null;
    }

    /** A new alert from the tailer. */
    synchronized void live(StreamAlert alert) {
        if (closed) {
            return;
        }
        if (catchingUp) {
            if (heldDropped) {
                return;
            }
            if (held.size() >= MAX_HELD) {
                held.clear();
                heldDropped = true;
                return;
            }
            held.add(alert);
            return;
        }
        deliver(alert.id(), alert);
    }

    /** One step of the catch-up: a page from the stream, then the next step, a pause, or going live. */
    void catchUp() {
        StreamEntryID from;
        synchronized (this) {
            if (closed) {
                return;
            }
            from = position;
        }
        List<StreamEntry> page;
        try {
            page = host.read(StreamAlert.after(from), CATCH_UP_PAGE);
        } catch (RuntimeException redisGone) {
            // The client reconnects with its Last-Event-ID once Redis is back.
            disconnect(false);
            return;
        }
        synchronized (this) {
            for (StreamEntry entry : page) {
                deliver(entry.getID(), StreamAlert.from(entry).orElse(null));
            }
            if (page.size() < CATCH_UP_PAGE) {
                if (heldDropped) {
                    heldDropped = false;
                } else {
                    held.forEach(alert -> deliver(alert.id(), alert));
                    held.clear();
                    catchingUp = false;
                    return;
                }
            }
        }
        parked.set(true);
        if (backlog.get() <= RESUME_BACKLOG && parked.compareAndSet(true, false)) {
            host.schedule(this::catchUp);
        }
    }

    /** Sends the alert unless the client already has it or did not ask for it; {@code alert} null = unreadable. */
    private void deliver(StreamEntryID id, StreamAlert alert) {
        if (closed || position != null && id.compareTo(position) <= 0) {
            return;
        }
        position = id;
        if (alert == null || teamId != null && !teamId.equals(alert.teamId())) {
            return;
        }
        if (backlog.incrementAndGet() > MAX_BACKLOG) {
            disconnect(true);
            return;
        }
        connection.send(alert.json(), null, id.toString(), written);
    }

    /** Ends the connection; the client may come back with its Last-Event-ID. */
    void disconnect(boolean tooSlow) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            held.clear();
        }
        host.disconnected(this, tooSlow);
        // The connection's buffers belong to its IO thread.
        ioThread.execute(() -> IoUtils.safeClose(connection));
    }

    /** Ends the connection cleanly once what is queued has been written: the gateway is stopping. */
    void finish() {
        closed = true;
        connection.shutdown();
    }

    /** The connection closed (the client left, or was disconnected); nothing more is sent or held. */
    void closed() {
        closed = true;
    }
}
