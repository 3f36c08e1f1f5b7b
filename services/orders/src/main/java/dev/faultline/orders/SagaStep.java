package dev.faultline.orders;

import com.fasterxml.jackson.annotation.JsonValue;

/** The steps of the order saga, forward and compensating, as {@code GET /orders/{id}} names them. */
public enum SagaStep {
    CHECK_USER("check-user"),
    RESERVE_STOCK("reserve-stock"),
    CHARGE("charge"),
    CONFIRM("confirm"),
    /** Compensates {@link #RESERVE_STOCK}. */
    RELEASE_STOCK("release-stock"),
    /** Compensates {@link #CHARGE}. */
    REFUND("refund");

    private final String label;

    SagaStep(String label) {
        this.label = label;
    }

    /** The name in the API, the database and metric labels. */
    @JsonValue
    public String label() {
        return label;
    }

    static SagaStep ofLabel(String label) {
        for (SagaStep step : values()) {
            if (step.label.equals(label)) {
                return step;
            }
        }
        throw new IllegalArgumentException("No saga step named " + label);
    }
}
