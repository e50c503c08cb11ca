package org.hyperupcall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder entry point of the huc command line (build infrastructure smoke test). */
@Command(name = "huc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "hyperupcall command line.")
public final class Main implements Runnable {

    /** Reads Implementation-Version from the jar manifest (set by dist/pom.xml). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"huc " + (v != null ? v : "0.1.0-SNAPSHOT")};
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
