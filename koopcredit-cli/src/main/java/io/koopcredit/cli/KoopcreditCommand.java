package io.koopcredit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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

    /** Name of the option that every command accepts; {@link Main} applies it before the command runs. */
    static final String VERBOSE = "--verbose";

    /**
     * {@code --verbose}: ONNX Runtime's own warnings and errors reach stderr, and errors are followed by
     * their causes (user errors) or the stack trace (internal errors). Applied by {@link Main}.
     */
    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Show ONNX Runtime's own log messages and the causes of errors")
    boolean verbose;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
