package dev.quiesce.cli;

import dev.quiesce.isa.Arch;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The picocli converter of every {@code --arch} option ({@code x86-64} or {@code aarch64}, {@link Arch#parse}): an
 * unknown name is picocli's one-line "Invalid value for option '--arch'" error naming the legal ones.
 */
public final class ArchConverter implements ITypeConverter<Arch> {

    @Override
    public Arch convert(String value) {
        try {
            return Arch.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
