package io.leadpulse.jobs.leads;

import io.leadpulse.jobs.alerts.AlertIds;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * A lead's counted clicks (reaches) still waiting for a customer action, in the order they arrived, kept column by
 * column, with each link they were on (code, title, the rep it was made for) kept once. A Flink POJO.
 *
 * <p>Why columns: the lead is read and written whole on every event on RocksDB and at every checkpoint on the heap,
 * and a customer who clicks a lot keeps up to {@code Activation.REACHES_KEPT} reaches for the activation window. As a
 * list of objects with four strings each, reading and writing them was two thirds of the lead task at 5,000 clicks/s
 * on RocksDB; as arrays (and a lead's reaches are nearly always on one or two links) it was one string per reach, the
 * alert id, and writing those strings (char by char) was still half of the heap checkpoint's time. So the ids are
 * kept as their 128 bits ({@link AlertIds#high}, {@link AlertIds#low}): no string per reach at all.
 */
public final class Reaches {
    private static final String[] NO_STRINGS = {};
    private static final long[] NO_LONGS = {};
    private static final boolean[] NO_FLAGS = {};
    private static final int[] NO_INDEXES = {};

    /** Each reach's alert id (what its activation is about) in two halves: see {@link #alertId}. */
    public long[] alertIdHighs = NO_LONGS;
    public long[] alertIdLows = NO_LONGS;
    /** When each reach happened, epoch millis of event time. */
    public long[] atMillis = NO_LONGS;
    /** Whether each reach was activated already (once per reach). */
    public boolean[] activated = NO_FLAGS;
    /** Each reach's link, an index into the link columns. */
    public int[] links = NO_INDEXES;

    /** The links the reaches were on, once each. */
    public String[] linkCodes = NO_STRINGS;
    public String[] linkTitles = NO_STRINGS;
    public String[] linkRepIds = NO_STRINGS;

    public Reaches() {
    }

    public int size() {
        return atMillis.length;
    }

    /** The id of the reach's {@code content.reached} alert. */
    public String alertId(int reach) {
        return AlertIds.of(alertIdHighs[reach], alertIdLows[reach]);
    }

    public boolean contains(String alertId) {
        return contains(AlertIds.high(alertId), AlertIds.low(alertId));
    }

    private boolean contains(long high, long low) {
        for (int i = 0; i < size(); i++) {
            if (alertIdHighs[i] == high && alertIdLows[i] == low) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a reach as the newest, unless a reach of the same alert is held already; beyond {@code max} the oldest
     * gives way.
     *
     * @param alertId the id of its {@code content.reached} alert, made by {@link AlertIds#of}
     * @return false when the reach was held already (nothing changed)
     */
    public boolean add(String alertId, long at, String code, String title, String repId, int max) {
        long high = AlertIds.high(alertId);
        long low = AlertIds.low(alertId);
        if (contains(high, low)) {
            return false;
        }
        int link = link(code, title, repId);
        int held = size();
        int kept = Math.min(held, max - 1);
        int from = held - kept;
        alertIdHighs = Arrays.copyOfRange(alertIdHighs, from, held + 1);
        alertIdHighs[kept] = high;
        alertIdLows = Arrays.copyOfRange(alertIdLows, from, held + 1);
        alertIdLows[kept] = low;
        atMillis = Arrays.copyOfRange(atMillis, from, held + 1);
        atMillis[kept] = at;
        activated = Arrays.copyOfRange(activated, from, held + 1);
        links = Arrays.copyOfRange(links, from, held + 1);
        links[kept] = link;
        if (from > 0) {
            dropUnusedLinks();
        }
        return true;
    }

    public String code(int reach) {
        return linkCodes[links[reach]];
    }

    public String title(int reach) {
        return linkTitles[links[reach]];
    }

    public String repId(int reach) {
        return linkRepIds[links[reach]];
    }

    /** Forgets every reach whose time matches, and the links no reach is on any more. */
    public void removeIf(LongPredicate atMillisMatches) {
        int kept = 0;
        for (int i = 0; i < size(); i++) {
            if (!atMillisMatches.test(atMillis[i])) {
                alertIdHighs[kept] = alertIdHighs[i];
                alertIdLows[kept] = alertIdLows[i];
                atMillis[kept] = atMillis[i];
                activated[kept] = activated[i];
                links[kept] = links[i];
                kept++;
            }
        }
        if (kept == size()) {
            return;
        }
        alertIdHighs = Arrays.copyOf(alertIdHighs, kept);
        alertIdLows = Arrays.copyOf(alertIdLows, kept);
        atMillis = Arrays.copyOf(atMillis, kept);
        activated = Arrays.copyOf(activated, kept);
        links = Arrays.copyOf(links, kept);
        dropUnusedLinks();
    }

    private int link(String code, String title, String repId) {
        for (int i = 0; i < linkCodes.length; i++) {
            if (Objects.equals(linkCodes[i], code) && Objects.equals(linkTitles[i], title) && Objects.equals(linkRepIds[i], repId)) {
                return i;
            }
        }
        linkCodes = append(Arrays.copyOf(linkCodes, linkCodes.length + 1), code);
        linkTitles = append(Arrays.copyOf(linkTitles, linkTitles.length + 1), title);
        linkRepIds = append(Arrays.copyOf(linkRepIds, linkRepIds.length + 1), repId);
        return linkCodes.length - 1;
    }

    private void dropUnusedLinks() {
        boolean[] used = new boolean[linkCodes.length];
        for (int link : links) {
            used[link] = true;
        }
        int[] renumbered = new int[linkCodes.length];
        int kept = 0;
        for (int i = 0; i < linkCodes.length; i++) {
            if (used[i]) {
                renumbered[i] = kept;
                linkCodes[kept] = linkCodes[i];
                linkTitles[kept] = linkTitles[i];
                linkRepIds[kept] = linkRepIds[i];
                kept++;
            }
        }
        if (kept == linkCodes.length) {
            return;
        }
        for (int i = 0; i < links.length; i++) {
            links[i] = renumbered[links[i]];
        }
        linkCodes = Arrays.copyOf(linkCodes, kept);
        linkTitles = Arrays.copyOf(linkTitles, kept);
        linkRepIds = Arrays.copyOf(linkRepIds, kept);
    }

    /** The array (one longer than what it held) with its last slot set. */
    private static String[] append(String[] longer, String last) {
        longer[longer.length - 1] = last;
        return longer;
    }
}
