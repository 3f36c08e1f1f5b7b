package dev.faultline.chaos.model;

/**
 * The span event the engine adds where a fault hits a request (a trace's proof of the fault): its name and
 * attribute keys, read by the console's waterfall and the workshop's evidence check.
 */
public final class FaultEvent {

    public static final String NAME = "chaos.fault";
    public static final String ID = "faultline.fault.id";
    public static final String KIND = "faultline.fault.kind";

    private FaultEvent() {
    }
}
