package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmOptionsTest {

    @Test
    void theNativeHeapTrimIsLeftOutOnlyForAJdk21FromBeforeItsBackport() {
        assertThat(Topology.forThisJvm(Topology.SERVICE_JVM_OPTIONS, Runtime.Version.parse("21+35")))
                .doesNotContainAnyElementsOf(Topology.NATIVE_HEAP_TRIM).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(Topology.forThisJvm(Topology.SERVICE_JVM_OPTIONS, Runtime.Version.parse("21.0.1+12")))
                .containsExactlyElementsOf(Topology.SERVICE_JVM_OPTIONS);
        assertThat(Topology.forThisJvm(Topology.SERVICE_JVM_OPTIONS, Runtime.Version.parse("25.0.3+9")))
                .containsSequence(Topology.NATIVE_HEAP_TRIM);
    }
}
