package org.hyperupcall.cli;

/** An error in what the user gave us: printed as one line, exit status 1, no stack trace. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message, null, false, false);
    }
}
