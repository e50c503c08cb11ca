package org.hyperupcall.ebpf.elf;

import java.util.Map;
import java.util.OptionalLong;

/** Gives the address of an extern symbol (a guest kernel symbol, for hyperupcalls). */
@FunctionalInterface
public interface SymbolResolver {
    /** Resolves nothing. */
    SymbolResolver NONE = name -> OptionalLong.empty();

    OptionalLong resolve(String name);

    static SymbolResolver of(Map<String, Long> table) {
        return name -> table.containsKey(name) ? OptionalLong.of(table.get(name)) : OptionalLong.empty();
    }
}
