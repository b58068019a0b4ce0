/**
 * Charts and heat maps of a credit analysis, drawn with plain Java2D (headless) once onto an image (PNG,
 * for papers) and once onto JFreeSVG's SVG canvas (inline on the HTML page, with the value of every bar and
 * heat-map cell as hover text). Every chart is a pure function of a
 * {@link io.koopcredit.credit.CreditResult}: the same result gives the same pixels, PNG encoding through
 * ImageIO adds no time stamps, and SVG definitions are named from the PNG's hash, so the same result gives
 * the same bytes. Undefined
 * values (null fields of the result) are drawn as "n/a"; no NaN or infinity is ever drawn or printed.
 *
 * <p>Entry point: {@link io.koopcredit.report.chart.CreditCharts#render(io.koopcredit.credit.CreditResult)},
 * with {@link io.koopcredit.report.chart.ClassMaps} choosing which classes get a feature-weight map (at most
 * twenty; large maps are embedded in the page at reduced resolution, see {@code Svg}).
 */
package io.koopcredit.report.chart;
