package io.koopcredit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the real command line ({@link Main#main}) in a child JVM, for what an in-process run cannot show:
 * signals, the JVM's own limits (heap, native libraries), and what native code writes to the process's
 * file descriptor 2. Output goes to files, so a chatty child never blocks on a full pipe.
 */
final class ChildCli {
    /** Longest a child may run before the test fails (generous: the machine may be loaded). */
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private ChildCli() {
    }

    /** A running child. */
    static final class Child {
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Child(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** @return the process */
        Process process() {
            return process;
        }

        /** @return what it has written to stderr so far */
        String err() {
            return read(stderr);
        }

        /** @return what it has written to stdout so far */
        String out() {
            return read(stdout);
        }

        /**
         * Sends a signal with {@code kill -s NAME PID}.
         *
         * @param name e.g. {@code INT}, {@code TERM}, {@code KILL}
         */
        void signal(String name) {
            try {
                Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * Waits until {@code condition} holds, checking every 10 ms.
         *
         * @param what what is awaited, for the failure message
         * @param condition the condition
         * @throws AssertionError if the child ends or {@link #TIMEOUT} passes first
         */
        void await(String what, BooleanSupplier condition) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!condition.getAsBoolean()) {
                if (!process.isAlive()) {
                    throw new AssertionError("the child ended (exit " + process.exitValue() + ") before " + what
                            + "; stderr: " + err());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out waiting for " + what + "; stderr: " + err());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** @return the finished run; fails the test if it takes longer than {@link #TIMEOUT} */
        CliRunner.Run finish() {
            try {
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child did not finish within " + TIMEOUT + "; stderr: " + err());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new CliRunner.Run(process.exitValue(), out(), err());
        }
    }

    /**
     * @param dir where the output files go
     * @param prefix a command that runs the JVM (e.g. {@code setpriv ...}), or empty
     * @param jvmOptions JVM options, e.g. {@code -Xmx64m}
     * @param args the command line
     * @return the running child
     */
    static Child start(Path dir, List<String> prefix, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Path out = Files.createTempFile(dir, "stdout-", ".txt");
            Path err = Files.createTempFile(dir, "stderr-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("KOOPCREDIT_DEBUG");
            return new Child(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the run, finished */
    static CliRunner.Run run(Path dir, List<String> prefix, List<String> jvmOptions, String... args) {
        return start(dir, prefix, jvmOptions, args).finish();
    }

    /** @return the test class path (surefire's, which the forked JVM may hide behind a manifest jar) */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
