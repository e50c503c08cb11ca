package org.hyperupcall.cli.tests;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.hyperupcall.cli.Main;

/** Runs the huc command line in-process and keeps what it printed. */
record Huc(int status, String out, String err) {
    static Huc run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Huc(status, out.toString(), err.toString());
    }

    /** Writes a file of a test's directory. */
    static java.nio.file.Path write(java.nio.file.Path dir, String name, String text) throws java.io.IOException {
        java.nio.file.Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, text);
        return p;
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
