package org.hyperupcall.cli;

import java.util.Iterator;

import org.hyperupcall.ebpf.EngineKind;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --engine} value of every command: registered for {@link EngineKind} in {@link Main}, so that
 * an option of that type is parsed by {@link EngineKind#parse} and lists its names in help and completion.
 */
final class EngineOption implements ITypeConverter<EngineKind> {
    @Override
    public EngineKind convert(String value) {
        try {
            return EngineKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The names, for {@code completionCandidates} (and {@code ${COMPLETION-CANDIDATES}} in descriptions). */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EngineKind.names().iterator();
        }
    }
}
