package dev.faultline.chaos.engine;

/** One kind of fault: its name and how its parameters become an {@link Effect}. */
public interface FaultKind {

    /** The name used in the {@code kind} field. */
    String name();

    /** Checks the parameters (errors go to {@code params}) and returns the effect. */
    Effect parse(Params params);
}
