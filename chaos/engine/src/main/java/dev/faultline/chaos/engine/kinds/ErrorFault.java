package dev.faultline.chaos.engine.kinds;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;

/** {@code error}: answers inbound requests with {@code status} (400-599) and a problem naming the fault, or {@code body}. */
public final class ErrorFault implements FaultKind {

    @Override
    public String name() {
        return "error";
    }

    @Override
    public Effect parse(Params params) {
        int status = (int) params.number("status", 400, 599, 503L);
        String body = params.text("body", null);
        return (Effect.Inbound) (fault, req, res) -> {
            if (body != null) {
                res.status(status).send(body);
            } else if (fault.hidden()) {
                // a mystery's: answer as a real failure would, without naming the fault
                Problems.send(res, Problem.typed("upstream-failure", status, "Request failed",
                        "The request could not be completed."));
            } else {
                Problems.send(res, Problem.typed("injected-fault", status, "Injected fault",
                        "Fault " + fault.id() + " (error) answered this request."));
            }
            return true;
        };
    }
}
