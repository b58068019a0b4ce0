package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code koopcredit inspect}: Show the blocks of a model: shapes, widths, kinds, parameters. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the blocks of a model: shapes, widths, kinds, parameters.")
public final class InspectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("'inspect' is not implemented yet");
    }
}
