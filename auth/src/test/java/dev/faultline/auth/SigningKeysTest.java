package dev.faultline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import dev.faultline.platform.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation done right, on the issuer's clock: the new key is published at once and signs only after the lead; the
 * old one signs until then and stays published until its last token has expired; the schedule outlives a restart.
 */
class SigningKeysTest {

    private static final Duration LEAD = Duration.ofMinutes(5);
    private static final Duration KEEP_AFTER = Duration.ofMinutes(6);

    private final MutableClock clock = new MutableClock();

    @TempDir
    Path dir;

    @Test
    void theNewKeyIsPublishedFirstSignsAfterTheLeadAndTheOldOneRetiresAfterItsLastToken() {
        SigningKeys keys = SigningKeys.open(dir, clock);
        String old = keys.signing().getKeyID();

        SigningKeys.Rotation rotation = keys.rotate(LEAD, KEEP_AFTER);

        assertThat(rotation.previousKid()).isEqualTo(old);
        assertThat(rotation.signsFrom()).isEqualTo(clock.instant().plus(LEAD));
        assertThat(rotation.previousRetires()).isEqualTo(rotation.signsFrom().plus(KEEP_AFTER));
        assertThat(published(keys)).containsExactly(old, rotation.kid());
        assertThat(keys.signing().getKeyID()).as("during the lead the old key signs").isEqualTo(old);
        assertThat(keys.pending()).contains(rotation);

        clock.advance(LEAD.minusSeconds(1));
        assertThat(keys.signing().getKeyID()).isEqualTo(old);
        clock.advance(Duration.ofSeconds(1));
        assertThat(keys.signing().getKeyID()).isEqualTo(rotation.kid());
        assertThat(keys.pending()).isEmpty();
        assertThat(published(keys)).as("tokens the old key signed are still alive").containsExactly(old, rotation.kid());

        clock.advance(KEEP_AFTER.minusSeconds(1));
        assertThat(published(keys)).containsExactly(old, rotation.kid());
        clock.advance(Duration.ofSeconds(1));
        assertThat(published(keys)).containsExactly(rotation.kid());
        assertThat(keys.publishedCount()).isEqualTo(1);
    }

    @Test
    void theScheduleOutlivesARestartAndAnotherRotationWaitsForTheFirst() {
        SigningKeys.Rotation rotation = SigningKeys.open(dir, clock).rotate(LEAD, KEEP_AFTER);

        SigningKeys reopened = SigningKeys.open(dir, clock);

        assertThat(reopened.pending()).contains(rotation);
        assertThatThrownBy(() -> reopened.rotate(LEAD, KEEP_AFTER)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("under way").hasMessageContaining(rotation.kid());
        clock.advance(LEAD);
        assertThat(reopened.signing().getKeyID()).isEqualTo(rotation.kid());
        SigningKeys.Rotation next = reopened.rotate(LEAD, KEEP_AFTER);
        assertThat(next.previousKid()).isEqualTo(rotation.kid());
        assertThat(published(reopened)).as("the first key, its last tokens alive, and two newer ones").hasSize(3);
    }

    @Test
    void withoutALeadTheNewKeySignsAtOnce() {
        SigningKeys keys = SigningKeys.open(dir, clock);

        SigningKeys.Rotation rotation = keys.rotate(Duration.ZERO, KEEP_AFTER);

        assertThat(keys.signing().getKeyID()).isEqualTo(rotation.kid());
        assertThat(keys.pending()).isEmpty();
    }

    @Test
    void thePublishedSetHasPublicHalvesOnlyAndNoSchedule() throws Exception {
        SigningKeys keys = SigningKeys.open(dir, clock);
        keys.rotate(LEAD, KEEP_AFTER);

        assertThat(keys.published().getKeys()).hasSize(2).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getNotBeforeTime()).isNull();
            assertThat(key.getExpirationTime()).isNull();
            assertThat(key.getIssueTime()).isNotNull();
            assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        });
        assertThat(Files.readString(dir.resolve(SigningKeys.FILE))).as("the private file keeps the schedule")
                .contains("\"nbf\"").contains("\"exp\"");
    }

    @Test
    void theKeyAgeIsTheSigningKeysAndStartsAgainWhenTheNewKeySigns() {
        SigningKeys keys = SigningKeys.open(dir, clock);
        clock.advance(Duration.ofDays(30));
        assertThat(keys.signingKeyAgeSeconds()).isEqualTo(Duration.ofDays(30).toSeconds());

        keys.rotate(LEAD, KEEP_AFTER);
        clock.advance(LEAD);

        assertThat(keys.signingKeyAgeSeconds()).isEqualTo(LEAD.toSeconds());
    }

    private static List<String> published(SigningKeys keys) {
        return keys.published().getKeys().stream().map(JWK::getKeyID).toList();
    }
}
