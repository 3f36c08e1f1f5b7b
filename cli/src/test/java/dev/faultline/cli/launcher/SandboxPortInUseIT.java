package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class SandboxPortInUseIT {

    @Test
    void aBusyPortIsNamedAndNothingIsStarted() throws Exception {
        FaultlineScript faultline = new FaultlineScript();
        int catalogPort = faultline.port("catalog");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), catalogPort));

            FaultlineScript.Result up = faultline.run("up");

            assertThat(up.exitCode()).isEqualTo(SandboxException.BLOCKED);
            assertThat(up.output()).contains("Port " + catalogPort + " (catalog) is already in use")
                    .contains("Nothing was started");
            assertThat(faultline.sandbox().runningState()).isEmpty();
            assertThat(Files.exists(faultline.stateDir.resolve("logs/supervisor.log"))).isFalse();
        } finally {
            faultline.close();
        }
        assertThat(faultline.sandbox().topology().ports()).allMatch(FaultlineScript::isFree);
    }
}
