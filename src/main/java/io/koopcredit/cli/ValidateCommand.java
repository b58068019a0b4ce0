package io.koopcredit.cli;

import io.koopcredit.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code koopcredit validate}: Check the credits: ablation agreement, randomization sanity check, stability. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check the credits: ablation agreement, randomization sanity check, stability.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new InputException("'validate' is not implemented yet");
    }
}
