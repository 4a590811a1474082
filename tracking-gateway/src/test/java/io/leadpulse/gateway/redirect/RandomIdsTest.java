package io.leadpulse.gateway.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void sliceAfterSliceAcrossManyRefillsNoValueComesTwice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) { // 9-byte slices: about 44 refills of the 4 KiB reserve, most not aligned
            assertThat(seen.add(Arrays.toString(RandomIds.bytes(9)))).isTrue();
        }
    }

    @Test
    void slicesAreNotZeroFilledLeftoversAtARefill() {
        for (int i = 0; i < 1_000; i++) {
            byte[] slice = RandomIds.bytes(16); // 256 slices per refill: the 257th comes from fresh bytes
            assertThat(slice).hasSize(16).isNotEqualTo(new byte[16]);
        }
    }

    @Test
    void moreThanAReserveAtOnceIsStillRandom() {
        byte[] large = RandomIds.bytes(10_000);

        assertThat(large).hasSize(10_000);
        assertThat(Arrays.copyOfRange(large, 5_000, 10_000)).isNotEqualTo(new byte[5_000]);
    }
}
