package io.leadpulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aPickedPortLiesOutsideTheKernelsEphemeralRangeSoNoConnectionOrPortZeroBindCanTakeIt() {
        int[] ephemeral = FreePorts.ephemeralRange();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.pick();
            assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOWEST);
            assertThat(port < ephemeral[0] || port > ephemeral[1])
                    .as("%d outside the ephemeral range %d-%d", port, ephemeral[0], ephemeral[1]).isTrue();
        }
    }

    @Test
    void theKernelsRangeIsReadWholeNotAsItsFirstDigit() throws IOException {
        int[] ephemeral = FreePorts.kernelEphemeralRange();
        assertThat(ephemeral[0]).as("the range's first port").isGreaterThanOrEqualTo(1024).isLessThan(ephemeral[1]);
        assertThat(ephemeral[1]).as("the range's last port").isLessThanOrEqualTo(FreePorts.HIGHEST);
    }

    @Test
    void aPortClaimedForARestartSaysWhetherItIsFreeAndIsHandedOutNoMore() throws IOException {
        int saved;
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            saved = broker.getLocalPort();
            assertThat(FreePorts.handedOut(saved)).isFalse();
            assertThat(FreePorts.claim(saved)).as("claimed while bound").isFalse();
        }
        assertThat(FreePorts.claim(saved)).as("claimed once free").isTrue();
        assertThat(FreePorts.handedOut(saved)).isTrue();
    }

    @Test
    void aPortIsNeverHandedOutTwiceByOneProcessEvenOnceItIsFreeAgain() {
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.pick();
            assertThat(picked.add(port)).as("pick %d is new", i).isTrue();
            assertThat(FreePorts.handedOut(port)).isTrue();
        }
    }

    @Test
    void aPickedPortCanBeBoundOnTheLoopbackAndIsNoLongerFreeWhileBound() throws IOException {
        int port = FreePorts.pick();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
            assertThat(FreePorts.isFree(port)).isFalse();
        }
        assertThat(FreePorts.isFree(port)).isTrue();
    }
}
