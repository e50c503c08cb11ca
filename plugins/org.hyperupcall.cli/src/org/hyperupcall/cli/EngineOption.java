package org.hyperupcall.cli;

import org.hyperupcall.ebpf.vm.Engine;
import org.hyperupcall.ebpf.vm.Engines;

import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** The --engine option shared by the commands that run code. */
final class EngineOption {
    private EngineOption() {
    }

    static Engine resolve(CommandSpec spec, String name) {
        try {
            return Engines.get(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
