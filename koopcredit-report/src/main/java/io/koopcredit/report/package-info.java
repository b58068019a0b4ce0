/**
 * Reports of an analysis: {@link io.koopcredit.report.CreditJson} (credit.json, from the view records of
 * {@link io.koopcredit.report.json}) and
 * {@link io.koopcredit.report.CreditCsv}; every feature weight in {@code feature-weights.npy}
 * ({@code FeatureWeightsNpy}, streamed a tile of classes at a time); the self-contained HTML page
 * ({@link io.koopcredit.report.HtmlReport}, one {@link io.koopcredit.report.ReportSection} per analysis and
 * optional {@link io.koopcredit.report.PageAppendix} sections such as the validation), laid out by jte
 * templates ({@code src/main/jte}, compiled into this package by the build; every value escaped) from the
 * text that {@code SectionModel} and {@code Overview} prepare, with the charts inline as SVG; charts and heat maps
 * in {@link io.koopcredit.report.chart}; and {@link io.koopcredit.report.Reports}, the entry point, which
 * writes through a {@link io.koopcredit.report.StagedDirectory} so that a report is written completely or
 * not at all, by one run at a time ({@code OutputLock}), without leaving the previous report's files that
 * the new one does not write.
 *
 * <p>Uses the {@code credit} results only; never prints.
 */
package io.koopcredit.report;
