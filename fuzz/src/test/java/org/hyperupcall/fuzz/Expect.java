package org.hyperupcall.fuzz;

/** What every refusal must carry: a one-line message a user can act on. */
final class Expect {
    private Expect() {
    }

    /** Fails unless {@code e} has a message of one line, of a size a terminal shows. */
    static void message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("a refusal without a message", e);
        }
        if (m.contains("\n")) {
            throw new AssertionError("a refusal of more than one line: " + m, e);
        }
        if (m.length() > 2_000) {
            throw new AssertionError("a refusal of " + m.length() + " characters (it quotes too much of the input)", e);
        }
    }
}
