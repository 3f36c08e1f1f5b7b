package dev.faultline.cli.commands;

import java.time.Duration;

import dev.faultline.chaos.model.FaultDurations;
import picocli.CommandLine.ITypeConverter;

/** Lets options take {@code 30s} as well as ISO-8601 {@code PT30S}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value) : FaultDurations.parse(value);
    }
}
