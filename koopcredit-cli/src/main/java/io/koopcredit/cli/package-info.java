/**
 * The command line: picocli commands ({@code inspect}, {@code credit}, {@code reproduce},
 * {@code validate}, {@code bench}) over the library, option mixins shared between them, the progress
 * bar, and {@link io.koopcredit.cli.Main}, which maps user errors to one line and exit code 2, running out
 * of memory to one line and exit code 1, and a stop by SIGINT or SIGTERM to one line after the output
 * folders being written are restored. The only package that prints.
 *
 * <p>{@link io.koopcredit.cli.ClusterBackend} is the seam for {@code credit --spark}: the command line
 * depends on no cluster engine and finds an implementation (module {@code koopcredit-spark}) with
 * {@link java.util.ServiceLoader}.
 */
package io.koopcredit.cli;
