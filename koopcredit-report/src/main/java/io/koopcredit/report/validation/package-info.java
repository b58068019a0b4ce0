/**
 * The outputs of a validation run ({@code io.koopcredit.validation} in the core module):
 * {@link io.koopcredit.report.validation.ValidationJson} writes {@code validation.json},
 * {@link io.koopcredit.report.validation.ValidationSummary} the text summary, and
 * {@link io.koopcredit.report.validation.ValidationAppendix} the Validation section of the HTML page.
 *
 * <p>Uses the validation results and the report package; never prints.
 */
package io.koopcredit.report.validation;
