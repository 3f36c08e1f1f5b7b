import java.io.InputStream;
import java.io.OutputStream;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;

/**
 * The floor of the gateway's HTTP stack, for bench/gateway-overhead.sh: Helidon's WebServer and WebClient as a
 * reverse proxy with nothing else (one route, no API key, rate limit, resilience policy, telemetry, chaos or
 * header hygiene), set up as the gateway's client is (keep-alive, its own connection cache, TCP_NODELAY), the
 * answer streamed. What the gateway costs above this is Faultline's; what this costs above nginx is the stack's.
 * Run from source: {@code java -cp 'gateway/target/libs/*' bench/BareHelidonProxy.java <port> <upstream>}.
 */
public final class BareHelidonProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        WebClient client = WebClient.builder().baseUri(args[1]).keepAlive(true).shareConnectionCache(false)
                .socketOptions(options -> options.tcpNoDelay(true)).followRedirects(false).build();
        WebServer.builder().host("127.0.0.1").port(port).routing(routing -> routing.get("/api/products/*", (req, res) -> {
            String path = "/products" + req.path().rawPath().substring("/api/products".length());
            try (HttpClientResponse response = client.get(path).request()) {
                res.status(response.status());
                response.headers().contentType().ifPresent(res.headers()::contentType);
                response.headers().contentLength().ifPresent(res.headers()::contentLength);
                try (InputStream in = response.inputStream(); OutputStream out = res.outputStream()) {
                    in.transferTo(out);
                }
            }
        })).build().start();
    }
}
