package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.nimbusds.jose.util.Base64URL;
import dev.faultline.gateway.identity.AccessToken;
import dev.faultline.gateway.identity.AccessTokenVerifier;
import dev.faultline.gateway.identity.TokenRejected;
import dev.faultline.gateway.identity.TokenSettings;
import dev.faultline.platform.SeededTrials;
import dev.faultline.platform.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of a valid access token (characters changed, inserted, deleted, parts swapped or cut) are never
 * accepted, unless the mutation leaves the same token: the same header and claims text (the signing input) and a
 * signature that decodes to the same bytes (base64url's unused trailing bits can differ). Nor does any mutation make
 * the verifier fail otherwise than with a refusal. Three fresh seeds a run, a thousand mutations each.
 */
class MutatedTokensPropertyTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}%";
    private static TestIssuer issuer;
    private static AccessTokenVerifier verifier;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer();
        verifier = new AccessTokenVerifier(TokenSettings.from(TestServices.config(TestServices.dataDir("gateway-mutations"),
                issuer.gatewaySettings()).get("gateway.auth")), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    @Test
    void noMutationOfAValidTokenIsAccepted() {
        SeededTrials.run(3, dice -> {
            String valid = issuer.token("catalog:read orders:write");
            assertThat(verifier.verify(valid).scopes()).contains("orders:write");
            for (int i = 0; i < 1_000; i++) {
                String mutated = mutate(valid, dice);
                AccessToken accepted;
                try {
                    accepted = verifier.verify(mutated);
                } catch (TokenRejected refused) {
                    continue;
                }
                assertThat(sameToken(valid, mutated)).as("accepted a mutation: %s (scopes %s)", mutated, accepted.scopes())
                        .isTrue();
            }
        });
    }

    /** One to three random edits. */
    private static String mutate(String token, Random dice) {
        StringBuilder text = new StringBuilder(token);
        int edits = 1 + dice.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = dice.nextInt(text.length());
            switch (dice.nextInt(6)) {
                case 0 -> text.setCharAt(at, ALPHABET.charAt(dice.nextInt(ALPHABET.length())));
                case 1 -> text.insert(at, ALPHABET.charAt(dice.nextInt(ALPHABET.length())));
                case 2 -> text.deleteCharAt(at);
                case 3 -> text.setLength(at);
                case 4 -> {
                    List<String> parts = Arrays.asList(text.toString().split("\\.", -1));
                    java.util.Collections.shuffle(parts, dice);
                    text = new StringBuilder(String.join(".", parts));
                }
                default -> text.setCharAt(at, Character.isUpperCase(text.charAt(at))
                        ? Character.toLowerCase(text.charAt(at)) : Character.toUpperCase(text.charAt(at)));
            }
            if (text.isEmpty()) {
                text.append('.');
            }
        }
        return text.toString();
    }

    private static boolean sameToken(String valid, String mutated) {
        String[] a = valid.split("\\.", -1);
        String[] b = mutated.split("\\.", -1);
        return b.length == 3 && a[0].equals(b[0]) && a[1].equals(b[1])
                && Arrays.equals(new Base64URL(a[2]).decode(), new Base64URL(b[2]).decode());
    }
}
