package dev.faultline.cli.commands;

import dev.faultline.pki.TlsMode;
import picocli.CommandLine;

/** Reads {@code --tls off|edge|mtls}; anything else is a usage error that names the three. */
final class TlsModeConverter implements CommandLine.ITypeConverter<TlsMode> {

    @Override
    public TlsMode convert(String value) {
        try {
            return TlsMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
