package io.leadpulse.jobs.leads;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpulse.jobs.alerts.AlertIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReachesTest {
    private final Reaches reaches = new Reaches();
    private final Map<String, String> names = new HashMap<>();

    @Test
    void reachesOnOneLinkKeepItsCodeTitleAndRepOnce() {
        reaches.add(reach("reach-1"), 1_000, "7fQk2c", "Course outline", "r7", 50);
        reaches.add(reach("reach-2"), 2_000, "7fQk2c", "Course outline", "r7", 50);
        reaches.add(reach("reach-3"), 3_000, "Zt9p1x", "Price list", "r8", 50);

        assertThat(describe()).containsExactly("reach-1 at 1000 on 7fQk2c 'Course outline' for r7",
                "reach-2 at 2000 on 7fQk2c 'Course outline' for r7", "reach-3 at 3000 on Zt9p1x 'Price list' for r8");
        assertThat(reaches.linkCodes).containsExactly("7fQk2c", "Zt9p1x");
        assertThat(reaches.contains(reach("reach-2"))).isTrue();
        assertThat(reaches.contains(reach("reach-4"))).isFalse();
        assertThat(reaches.add(reach("reach-2"), 9_000, "Zt9p1x", "Price list", "r8", 50)).as("held already").isFalse();
        assertThat(reaches.size()).isEqualTo(3);
    }

    @Test
    void beyondTheLimitTheOldestGivesWayAndItsLinkGoesWithIt() {
        reaches.add(reach("reach-1"), 1_000, "7fQk2c", "Course outline", "r7", 2);
        reaches.add(reach("reach-2"), 2_000, "Zt9p1x", "Price list", "r8", 2);
        reaches.activated[1] = true;
        reaches.add(reach("reach-3"), 3_000, "Zt9p1x", "Price list", "r8", 2);

        assertThat(describe()).containsExactly("reach-2 at 2000 on Zt9p1x 'Price list' for r8 (activated)",
                "reach-3 at 3000 on Zt9p1x 'Price list' for r8");
        assertThat(reaches.linkCodes).containsExactly("Zt9p1x");
    }

    @Test
    void forgettingByTimeKeepsTheOthersInOrderWithTheirLinks() {
        reaches.add(reach("reach-1"), 1_000, "7fQk2c", "Course outline", "r7", 50);
        reaches.add(reach("reach-2"), 5_000, "Zt9p1x", "Price list", "r8", 50);
        reaches.add(reach("reach-3"), 2_000, "Qm3w8e", null, "r7", 50);
        reaches.activated[2] = true;

        reaches.removeIf(at -> at < 1_500);

        assertThat(describe()).containsExactly("reach-2 at 5000 on Zt9p1x 'Price list' for r8",
                "reach-3 at 2000 on Qm3w8e 'null' for r7 (activated)");
        assertThat(reaches.linkCodes).containsExactly("Zt9p1x", "Qm3w8e");

        reaches.removeIf(at -> true);
        assertThat(reaches.size()).isZero();
        assertThat(reaches.linkCodes).isEmpty();
    }

    @Test
    void aReachKeepsItsAlertIdAsTwoNumbersNotAsAString() {
        String id = AlertIds.of("content.reached", "click-1");
        reaches.add(id, 1_000, "7fQk2c", "Course outline", "r7", 50);

        assertThat(reaches.alertId(0)).isEqualTo(id);
        assertThat(reaches.alertIdHighs).containsExactly(AlertIds.high(id));
        assertThat(reaches.alertIdLows).containsExactly(AlertIds.low(id));
    }

    /** A content.reached alert's id, named for the test. */
    private String reach(String name) {
        String id = AlertIds.of("content.reached", name);
        names.put(id, name);
        return id;
    }

    private List<String> describe() {
        List<String> described = new ArrayList<>();
        for (int i = 0; i < reaches.size(); i++) {
            described.add(names.get(reaches.alertId(i)) + " at " + reaches.atMillis[i] + " on " + reaches.code(i) + " '" + reaches.title(i)
                    + "' for " + reaches.repId(i) + (reaches.activated[i] ? " (activated)" : ""));
        }
        return described;
    }
}
