package io.koopcredit.base;

import java.util.Objects;

/**
 * A user's mistake in one option of an analysis: a value out of range, or one that does not parse. The
 * message names the option by its library name (e.g. {@code samples}, {@code rank},
 * {@code creditTolerance}), so that the library speaks its own API; the command line replaces that name by
 * its flag ({@code --samples}, ...).
 */
public class InvalidOptionException extends InputException {
    private static final long serialVersionUID = 1L;

    /** The option's library name. */
    private final String option;

    /**
     * @param option the option's library name
     * @param problem what was expected and what was found, e.g. {@code expected >= 1, found 0}
     */
    public InvalidOptionException(String option, String problem) {
        super(Objects.requireNonNull(option, "option") + ": " + problem);
        this.option = option;
    }

    /**
     * @param option the option's library name
     * @param value the value as the user wrote it
     * @param problem what was expected and what was found
     * @param cause the low-level error, or null
     */
    public InvalidOptionException(String option, String value, String problem, Throwable cause) {
        super(Objects.requireNonNull(option, "option") + " '" + value + "': " + problem, cause);
        this.option = option;
    }

    /** @return the option's library name, with which the message starts */
    public String option() {
        return option;
    }
}
