package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;
import io.koopcredit.base.MemoryExhausted;
import io.koopcredit.model.onnx.NativeLogging;
import io.koopcredit.report.StagedDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The command line's entry point: parses, runs one command, and maps failures to exit codes.
 *
 * <ul>
 *   <li>0: done;</li>
 *   <li>1: an internal error (a bug): one line, plus the stack trace when {@code KOOPCREDIT_DEBUG} is set
 *       or with {@code --verbose}; and running out of memory: one line naming what was running and the
 *       JVM's maximum heap, never a stack trace;</li>
 *   <li>2: a user error (unknown option, bad value, missing or corrupt file, unsupported model, unusable
 *       output folder): one line (option errors end with a pointer to the command's {@code --help}), never
 *       a stack trace; with {@code --verbose}, the low-level causes follow on their own lines.</li>
 * </ul>
 *
 * <p>Stopped by SIGINT or SIGTERM, the JVM exits with 130 or 143; before that, the output folders being
 * written are restored (see {@link StagedDirectory}) and one line says so.
 */
public final class Main {
    /** Exit code of a finished command. */
    public static final int OK = 0;
    /** Exit code of an internal error or of running out of memory. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code of a user error. */
    public static final int USER_ERROR = 2;

    /** Environment variable the launcher passes to the JVM; it sets the maximum heap. */
    static final String JAVA_OPTS = "KOOPCREDIT_JAVA_OPTS";

    /** Set once the command has finished, so that the shutdown hook knows an exit is not a stop. */
    private static volatile boolean finished;

    /** What the command is doing, for the message when memory runs out (set by the commands). */
    private static volatile String activity;

    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopped(err), "koopcredit-stop"));
        int code = run(args, new PrintWriter(System.out, true), err);
        finished = true;
        System.exit(code);
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
        // Prepared before anything runs: the out-of-memory handler must not need memory to speak.
        long max = Runtime.getRuntime().maxMemory();
        String heap = InputFiles.size(max) + suggestedHeap(max);
        String memoryFallback = "koopcredit: out of memory: the JVM's maximum heap is " + heap;
        NativeLogging.setVerbose(false);
        activity = null;
        CommandLine cl = new CommandLine(new KoopcreditCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ParameterException ex, String[] a) -> {
            // A typed option whose parser rejected the value: its own message already names the option.
            String message = ex.getCause() instanceof InputException ie ? Flags.message(ie) : ex.getMessage();
            err.println("koopcredit: " + oneLine(message) + " (see 'koopcredit " + commandPath(ex.getCommandLine())
                    + "--help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, commandPath(commandLine), err,
                heap, memoryFallback));
        cl.setExecutionStrategy(parsed -> {
            NativeLogging.setVerbose(verbose(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(e, "koopcredit", err, heap, memoryFallback);
        } catch (RuntimeException | Error e) {
            return failed(e, "", err, heap, memoryFallback);
        }
    }

    /** Maps a failure to one line and an exit code. */
    private static int failed(Throwable ex, String command, PrintWriter err, String heap, String memoryFallback) {
        if (stopping()) {
            return INTERNAL_ERROR;
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return outOfMemory(oom, "koopcredit " + command.trim(), err, heap, memoryFallback);
            }
        }
        InputException user = null;
        for (Throwable t = ex; t != null && user == null; t = t.getCause()) {
            if (t instanceof InputException ie) {
                user = ie;
            }
            if (t instanceof ParameterException) {
                break;
            }
        }
        if (user != null) {
            err.println("koopcredit: " + oneLine(Flags.message(user)));
            if (NativeLogging.verbose()) {
                for (Throwable c = user.getCause(); c != null; c = c.getCause()) {
                    err.println("  caused by: " + oneLine(String.valueOf(c)));
                }
            }
            return USER_ERROR;
        }
        Throwable shown = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        boolean debug = System.getenv("KOOPCREDIT_DEBUG") != null || NativeLogging.verbose();
        err.println("koopcredit: internal error: " + oneLine(String.valueOf(shown))
                + (debug ? "" : " (set KOOPCREDIT_DEBUG=1 to see the stack trace)"));
        if (debug) {
            shown.printStackTrace(err);
        }
        return INTERNAL_ERROR;
    }

    /**
     * One line for an exhausted heap: what was running and the heap limit. Everything large the command held
     * is unreachable by now (its stack has unwound); if even this line cannot be built, the line prepared
     * before the command ran is printed.
     */
    private static int outOfMemory(OutOfMemoryError e, String command, PrintWriter err, String heap,
                                   String fallback) {
        try {
            String doing = activity;
            String what = e instanceof MemoryExhausted m ? m.activity() : doing != null ? doing : "running " + command;
            Throwable cause = e instanceof MemoryExhausted && e.getCause() != null ? e.getCause() : e;
            String kind = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
            err.println("koopcredit: out of memory while " + what + kind + ": the JVM's maximum heap is " + heap
                    + " or use fewer samples");
        } catch (OutOfMemoryError again) {
            err.println(fallback);
        }
        err.flush();
        return INTERNAL_ERROR;
    }

    /**
     * Tells the out-of-memory message what the command is doing now.
     *
     * @param what e.g. {@code reading the data data/mnist}
     */
    static void doing(String what) {
        activity = what;
    }

    /**
     * @return {@code "; raise it (for example --memory <1.6 times as much>, or KOOPCREDIT_JAVA_OPTS=-Xmx<twice as
     *     much>)"}: the launcher gives the heap 5/8 of the memory budget
     */
    static String suggestedHeap(long maxBytes) {
        long mib = Math.max(64, 2 * (maxBytes >> 20));
        String size = mib >= 1024 ? (mib + 1023) / 1024 + "g" : mib + "m";
        long budget = mib * 8 / 5;
        String memory = budget >= 1024 ? (budget + 1023) / 1024 + "g" : budget + "m";
        return "; raise it (for example --memory " + memory + ", or " + JAVA_OPTS + "=-Xmx" + size + ")";
    }

    /** @return whether the JVM is being stopped by a signal (errors that follow are its consequence) */
    private static boolean stopping() {
        return StagedDirectory.shuttingDown();
    }

    /** Shutdown hook: after a signal, restore the output folders being written and say so in one line. */
    private static void stopped(PrintWriter err) {
        if (finished) {
            return;
        }
        boolean midLine = ProgressBar.stopAll(err);
        List<Path> restored = StagedDirectory.discardAll();
        String where = restored.isEmpty() ? ""
                : "; nothing was written to " + restored.stream().map(Path::toString).collect(Collectors.joining(", "));
        err.println((midLine ? System.lineSeparator() : "") + "koopcredit: stopped before finishing" + where);
        err.flush();
    }

    /** @return whether {@code --verbose} was given to the command or any of its parents */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(KoopcreditCommand.VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
