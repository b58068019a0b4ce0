package io.koopcredit.base;

/**
 * A problem with what the user gave us: a missing or corrupt file, a value out of range, a model the
 * tool cannot handle, data whose shape does not fit the model.
 *
 * <p>The message is one line that names the value, what was expected and what was found. The command
 * line prints it without a stack trace and exits with code 2. Library callers can catch it to tell
 * their users' mistakes apart from bugs.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what was wrong, what was expected and what was found
     */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message one line: what was wrong, what was expected and what was found
     * @param cause the low-level error, kept for debugging; never shown to the user
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
