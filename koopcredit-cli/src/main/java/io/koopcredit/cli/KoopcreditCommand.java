package io.koopcredit.cli;

import picocli.CommandLine.Command;

/** The top-level command; its subcommands do the work. */
@Command(name = "koopcredit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Credit assignment for trained neural networks based on Koopman operator theory",
            "(Liang et al. 2022): how much each block of a trained network contributes to what it computes."},
        subcommands = {
            InspectCommand.class,
            CreditCommand.class,
            ReproduceCommand.class,
            ValidateCommand.class,
            BenchCommand.class,
            AgreementCommand.class,
            picocli.CommandLine.HelpCommand.class})
public final class KoopcreditCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
