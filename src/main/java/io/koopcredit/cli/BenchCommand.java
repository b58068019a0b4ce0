package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code koopcredit bench}: Time the default analysis stage by stage. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Time the default analysis stage by stage.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("'bench' is not implemented yet");
    }
}
