package org.hyperupcall.cli;

/**
 * An error in what the user gave us: printed as one line, no stack trace; exit status 1, or 2 for
 * a file that cannot be read (as for usage errors).
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    UserError(String message) {
        this(message, 1);
    }

    private UserError(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A file that is missing or unreadable: exit status 2. */
    static UserError io(String message) {
        return new UserError(message, 2);
    }

    int status() {
        return status;
    }
}
