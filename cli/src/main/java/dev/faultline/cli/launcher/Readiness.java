package dev.faultline.cli.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a process's admin socket whether it is ready to serve. */
final class Readiness {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private Readiness() {
    }

    static boolean isReady(int adminPort) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health/ready"))
                .timeout(Duration.ofSeconds(1))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
