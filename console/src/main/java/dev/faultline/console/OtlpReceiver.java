package dev.faultline.console;

import java.io.UncheckedIOException;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import io.helidon.http.HttpMediaType;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * An OTLP/HTTP receiver (protobuf, gzip or not) for traces and logs, where the processes export by default
 * ({@code /v1/traces}, {@code /v1/logs} on 4318). A body that is not a valid export request is refused with 400 and
 * changes nothing; another content type gets 415 (OTLP/JSON is not taken: every SDK sends protobuf by default).
 */
final class OtlpReceiver implements HttpService {

    static final HttpMediaType PROTOBUF = HttpMediaType.create("application/x-protobuf");
    /** The most a gzip body may unpack to: a batch of 512 spans is well under 1 MB. */
    static final long MAX_UNPACKED = 32L * 1024 * 1024;

    private final TraceStore traces;
    private final LogStore logs;
    private final OtlpDecoder decoder = new OtlpDecoder();

    OtlpReceiver(TraceStore traces, LogStore logs) {
        this.traces = traces;
        this.logs = logs;
    }

    /** How the receiver's listener unpacks bodies: gzip, bounded. */
    static ContentEncodingContext encodings() {
        return ContentEncodingContext.builder().contentEncodingsDiscoverServices(false)
                .addContentEncodings(java.util.List.of(new GzipDecoding(MAX_UNPACKED))).build();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/traces", this::traces).post("/v1/logs", this::logs);
    }

    private void traces(ServerRequest req, ServerResponse res) {
        byte[] body = body(req, res);
        if (body == null) {
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            malformed(res, e);
            return;
        }
        traces.add(decoder.spans(request));
        answer(res, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private void logs(ServerRequest req, ServerResponse res) {
        byte[] body = body(req, res);
        if (body == null) {
            return;
        }
        ExportLogsServiceRequest request;
        try {
            request = ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            malformed(res, e);
            return;
        }
        logs.add(decoder.logs(request));
        answer(res, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
    }

    /** The request's protobuf bytes, unpacked; null when it was refused (the answer is sent). */
    private static byte[] body(ServerRequest req, ServerResponse res) {
        boolean protobuf = req.headers().contentType().map(type -> type.test(PROTOBUF)).orElse(false);
        if (!protobuf) {
            Problems.send(res, Problem.typed("otlp-content-type", 415, "Unsupported Media Type",
                    "OTLP/HTTP here takes application/x-protobuf (set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)."));
            return null;
        }
        try {
            // a gzip body arrives unpacked (GzipDecoding on the receiver's listener)
            return req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        } catch (UncheckedIOException | IllegalStateException e) {
            malformed(res, e);
            return null;
        }
    }

    private static void malformed(ServerResponse res, Exception e) {
        Problems.send(res, Problem.typed("otlp-malformed", 400, "Bad Request",
                "Not an OTLP export request: " + e.getMessage()));
    }

    private static void answer(ServerResponse res, byte[] protobuf) {
        res.headers().contentType(PROTOBUF);
        res.send(protobuf);
    }
}
