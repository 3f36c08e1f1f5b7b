package dev.faultline.payments;

import java.util.regex.Pattern;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code /payments}: charge an order once, look payments up, refund; {@code /cancellations}: settle a failed order. */
final class PaymentsService implements HttpService {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final PaymentLedger ledger;
    private final DeclineRule rule;

    private final MeterRegistry meters;
    private final Counter refunds;

    PaymentsService(PaymentLedger ledger, DeclineRule rule, MeterRegistry meters) {
        this.ledger = ledger;
        this.rule = rule;
        this.meters = meters;
        // At zero from the start, so rate() and the dashboards see them before the first charge or refund.
        charges(Payment.CAPTURED.toLowerCase(java.util.Locale.ROOT));
        charges(Payment.DECLINED.toLowerCase(java.util.Locale.ROOT));
        this.refunds = Counter.builder(TelemetryNames.REFUNDS).description("Refunds made").register(meters);
    }

    private Counter charges(String status) {
        return Counter.builder(TelemetryNames.PAYMENTS).tag("status", status).description("Charges by result")
                .register(meters);
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .post("/payments", this::charge)
                .get("/payments", this::list)
                .get("/payments/{id}", this::get)
                .post("/payments/{id}/refund", this::refund)
                .post("/cancellations", this::cancel)
                .registerOn(rules);
    }

    private void charge(ServerRequest req, ServerResponse res) {
        JsonFields body = Json.readObject(req);
        String orderId = body.string("orderId", 1, 100);
        long amount = body.integer("amount", 1, Long.MAX_VALUE);
        String currency = body.string("currency", 3, CURRENCY, "an ISO 4217 code such as EUR");
        body.validate();
        PaymentLedger.Charged charged = ledger.charge(orderId, amount, currency, rule);
        if (charged.created()) {
            charges(charged.payment().status().toLowerCase(java.util.Locale.ROOT)).increment();
            res.status(Status.CREATED_201);
        }
        res.headers().set(HeaderNames.LOCATION, "/payments/" + charged.payment().id());
        Json.send(res, charged.payment());
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, ledger.list(req.query().first("orderId").asOptional(), PageRequest.from(req.query())));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, ledger.find(id).orElseThrow(() -> notFound(id)));
    }

    private void refund(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        PaymentLedger.Refunded refunded = ledger.refund(id).orElseThrow(() -> notFound(id));
        if (refunded.now()) {
            refunds.increment();
        }
        Json.send(res, refunded.payment());
    }

    /** Refunds the order's charge, or voids the order when it has none: how a failed saga settles its payment. */
    private void cancel(ServerRequest req, ServerResponse res) {
        JsonFields body = Json.readObject(req);
        String orderId = body.string("orderId", 1, 100);
        body.validate();
        PaymentLedger.Cancelled cancelled = ledger.cancel(orderId);
        if (cancelled.refunded()) {
            refunds.increment();
        }
        Json.send(res, cancelled);
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No payment with id " + id + ".");
    }
}
