package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the typed options; their messages become the one-line errors. */
final class Converters {
    private Converters() {
    }

    /**
     * Builds something from option values; a value the library rejects becomes an option error, which ends
     * with a pointer to {@code --help}.
     *
     * @param spec the command whose options these are
     * @param build builds the typed value; its {@link InputException} names the option
     * @param <T> what is built
     * @return the value built
     * @throws ParameterException for a rejected value
     */
    static <T> T option(CommandSpec spec, Supplier<T> build) {
        try {
            return build.get();
        } catch (InputException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e), e);
        }
    }

    /** File and folder options: an empty string would mean the working directory, which nobody means. */
    static final class NonEmptyPath implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isEmpty()) {
                throw new TypeConversionException("expected a path, found an empty string");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("expected a path, found '" + value + "' (" + e.getReason() + ")");
            }
        }
    }

    /** {@code --rank}. */
    static final class Rank implements ITypeConverter<RankPolicy> {
        @Override
        public RankPolicy convert(String value) {
            return RankPolicy.parse(value);
        }
    }

    /** {@code --estimator}. */
    static final class Estimator implements ITypeConverter<EstimatorKind> {
        @Override
        public EstimatorKind convert(String value) {
            return EstimatorKind.parse(value);
        }
    }

    /** {@code --alignment}. */
    static final class Alignment implements ITypeConverter<AlignmentDistribution> {
        @Override
        public AlignmentDistribution convert(String value) {
            return AlignmentDistribution.parse(value);
        }
    }

    /** {@code --credit-tolerance}. */
    static final class Tolerance implements ITypeConverter<io.koopcredit.credit.CreditTolerance> {
        @Override
        public io.koopcredit.credit.CreditTolerance convert(String value) {
            return io.koopcredit.credit.CreditTolerance.parse(value);
        }
    }

    /** {@code --precision}. */
    static final class PrecisionConverter implements ITypeConverter<io.koopcredit.koopman.EvaluationPrecision> {
        @Override
        public io.koopcredit.koopman.EvaluationPrecision convert(String value) {
            return io.koopcredit.koopman.EvaluationPrecision.parse(value);
        }
    }

    /** {@code --memory}. */
    static final class Memory implements ITypeConverter<io.koopcredit.store.MemoryLimit> {
        @Override
        public io.koopcredit.store.MemoryLimit convert(String value) {
            return io.koopcredit.store.MemoryLimit.parse(value);
        }
    }

    /** {@code --formulation}. */
    static final class FormulationConverter implements ITypeConverter<io.koopcredit.credit.Formulation> {
        @Override
        public io.koopcredit.credit.Formulation convert(String value) {
            return io.koopcredit.credit.Formulation.parse(value);
        }
    }
}
