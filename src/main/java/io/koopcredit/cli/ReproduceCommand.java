package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code koopcredit reproduce}: Run the paper's experiments on the bundled models and write the report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the paper's experiments on the bundled models and write the report.")
public final class ReproduceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("'reproduce' is not implemented yet");
    }
}
