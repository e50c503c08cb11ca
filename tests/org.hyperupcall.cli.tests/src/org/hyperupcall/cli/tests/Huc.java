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

    @Override
    public String toString() {
        return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
