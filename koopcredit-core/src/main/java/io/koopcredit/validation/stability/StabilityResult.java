package io.koopcredit.validation.stability;

/**
 * Stability of the credits and their ranking across seeds, trials T and fitting samples N.
 *
 * @param seeds across seeds (with bootstrap intervals), null when not applicable
 * @param trials the T sweep, null with {@code seeds}
 * @param seedsNote why {@code seeds} and {@code trials} are missing (null when present)
 * @param samples the N sweep, null when skipped
 * @param samplesNote why {@code samples} is missing (null when present)
 */
public record StabilityResult(SeedStability seeds, TrialSweep trials, String seedsNote, SampleSweep samples,
                              String samplesNote) {
    /**
     * Validates that a note explains each missing part.
     *
     * @param seeds the record's {@code seeds}
     * @param trials the record's {@code trials}
     * @param seedsNote the record's {@code seedsNote}
     * @param samples the record's {@code samples}
     * @param samplesNote the record's {@code samplesNote}
     */
    public StabilityResult {
        if ((seeds == null) != (trials == null) || (seeds == null) != (seedsNote != null)) {
            throw new IllegalArgumentException("seeds and trials come together, or a note says why not");
        }
        if ((samples == null) != (samplesNote != null)) {
            throw new IllegalArgumentException("the sample sweep is present, or a note says why not");
        }
    }
}
