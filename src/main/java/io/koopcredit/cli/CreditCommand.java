package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code koopcredit credit}: Assign credit to the blocks of a model. */
@Command(name = "credit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Assign credit to the blocks of a model.")
public final class CreditCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("'credit' is not implemented yet");
    }
}
