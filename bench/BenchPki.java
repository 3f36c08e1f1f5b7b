import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.faultline.pki.CertificateAuthority;
import dev.faultline.pki.PkiLayout;

/**
 * A PKI laid out as the sandbox's (PkiLayout), for benches that start processes by hand with TLS:
 * {@code java -cp 'cli/target/libs/*' bench/BenchPki.java DIR instance=service...}.
 */
public final class BenchPki {

    public static void main(String[] args) {
        PkiLayout layout = new PkiLayout(Path.of(args[0]));
        Instant now = Instant.now().minus(Duration.ofMinutes(5));
        CertificateAuthority authority = CertificateAuthority.create("bench CA", now, Duration.ofDays(1));
        layout.save(authority);
        for (int i = 1; i < args.length; i++) {
            String[] instance = args[i].split("=");
            layout.install(instance[0], authority.issue(instance[1], now, Duration.ofDays(1)), authority.certificate());
        }
    }
}
