package dev.faultline.chaos.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.chaos.model.FaultKindNames;
import org.junit.jupiter.api.Test;

class FaultKindsTest {

    @Test
    void theEngineRegistersExactlyTheKindsTheModelNamesInItsOrder() {
        assertThat(FaultKinds.standard().all()).containsExactlyElementsOf(FaultKindNames.ALL);
    }
}
