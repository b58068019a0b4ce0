package io.koopcredit.cli;

import picocli.CommandLine.Option;

/**
 * {@code --progress}/{@code --no-progress} and {@code --quiet}: whether a command draws its progress bar on
 * stderr (stage, %, done/total, the unit just finished, elapsed time and ETA). On by default when stderr
 * is a terminal; {@code --quiet} turns it off whatever else is given.
 */
final class ProgressOption {
    @Option(names = "--progress", negatable = true,
            description = "Progress on stderr: stage, %%, the unit just finished, elapsed time, ETA (default: on "
                    + "when stderr is a terminal)")
    Boolean progress;

    @Option(names = "--quiet", description = "No progress on stderr (overrides --progress)")
    boolean quiet;

    /** @return whether to draw the bar */
    boolean enabled() {
        return !quiet && (progress != null ? progress : System.console() != null);
    }
}
