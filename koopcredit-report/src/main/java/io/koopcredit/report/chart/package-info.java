/**
 * PNG charts and heat maps of a credit analysis, drawn with plain Java2D (headless). Every chart is a
 * pure function of a {@link io.koopcredit.credit.CreditResult}: the same result gives the same pixels, and
 * PNG encoding through ImageIO adds no time stamps, so the same result gives the same bytes. Undefined
 * values (null fields of the result) are drawn as "n/a"; no NaN or infinity is ever drawn or printed.
 *
 * <p>Entry point: {@link io.koopcredit.report.chart.CreditCharts#render(io.koopcredit.credit.CreditResult)}.
 */
package io.koopcredit.report.chart;
