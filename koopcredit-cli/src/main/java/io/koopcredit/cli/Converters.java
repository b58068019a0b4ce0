package io.koopcredit.cli;

import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import picocli.CommandLine.ITypeConverter;

/** picocli converters for the typed options; their messages become the one-line errors. */
final class Converters {
    private Converters() {
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
    static final class PrecisionConverter implements ITypeConverter<io.koopcredit.credit.EvaluationPrecision> {
        @Override
        public io.koopcredit.credit.EvaluationPrecision convert(String value) {
            return io.koopcredit.credit.EvaluationPrecision.parse(value);
        }
    }
}
