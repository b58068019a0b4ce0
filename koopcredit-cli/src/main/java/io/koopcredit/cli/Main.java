package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The command line's entry point: parses, runs one command, and maps failures to exit codes.
 *
 * <ul>
 *   <li>0: done;</li>
 *   <li>1: an internal error (a bug): one line, plus the stack trace when {@code KOOPCREDIT_DEBUG} is set;</li>
 *   <li>2: a user error (unknown option, bad value, missing or corrupt file, unsupported model): one line
 *       (option errors end with a pointer to the command's {@code --help}), never a stack trace.</li>
 * </ul>
 */
public final class Main {
    /** Exit code of a finished command. */
    public static final int OK = 0;
    /** Exit code of an internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code of a user error. */
    public static final int USER_ERROR = 2;

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments
     * @param out where results go
     * @param err where errors and progress go
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KoopcreditCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ParameterException ex, String[] a) -> {
            // A typed option whose parser rejected the value: its own message already names the option.
            String message = ex.getCause() instanceof InputException ie ? ie.getMessage() : ex.getMessage();
            err.println("koopcredit: " + oneLine(message) + " (see 'koopcredit " + commandPath(ex.getCommandLine())
                    + "--help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException) {
                err.println("koopcredit: " + oneLine(ex.getMessage()));
                return USER_ERROR;
            }
            boolean debug = System.getenv("KOOPCREDIT_DEBUG") != null;
            err.println("koopcredit: internal error: " + oneLine(String.valueOf(ex))
                    + (debug ? "" : " (set KOOPCREDIT_DEBUG=1 to see the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
