package io.koopcredit.cli;

import io.koopcredit.store.MemoryLimit;
import picocli.CommandLine.Option;

/**
 * {@code --memory SIZE}: the memory budget of a run. The launcher reads the same option to size the JVM's
 * heap (see {@code koopcredit}); here it becomes the budget the analysis plans with.
 */
final class MemoryOption {
    @Option(names = "--memory", paramLabel = "SIZE", converter = Converters.Memory.class,
            description = "Memory the run may use, e.g. 4g or 512m (default: half the physical memory). It decides "
                    + "how the work is done (what stays in RAM, what runs at once), never the results")
    MemoryLimit memory;
}
