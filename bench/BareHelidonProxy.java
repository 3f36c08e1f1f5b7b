import java.io.InputStream;
import java.io.OutputStream;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

/**
 * The floor of the gateway's HTTP stack, for bench/gateway-overhead.sh: Helidon's WebServer and WebClient as a
 * reverse proxy with nothing else (one route, no API key, rate limit, resilience policy, telemetry, chaos or
 * header hygiene), set up as the gateway's client is (HTTP/1.1 directly, keep-alive, its own connection cache, TCP_NODELAY), the
 * answer streamed. What the gateway costs above this is Faultline's; what this costs above nginx is the stack's.
 * Run from source: {@code java -cp 'gateway/target/libs/*' bench/BareHelidonProxy.java <port> <upstream>}.
 */
public final class BareHelidonProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Http1Client client = Http1Client.builder().baseUri(args[1]).keepAlive(true).shareConnectionCache(false)
                .socketOptions(options -> options.tcpNoDelay(true)).followRedirects(false).build();
        WebServer.builder().host("127.0.0.1").port(port).routing(routing -> routing.get("/api/products/*", (req, res) -> {
            String path = "/products" + req.path().rawPath().substring("/api/products".length());
            try (Http1ClientResponse response = client.get(path).request()) {
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
