/**
 * The JSON outputs as typed view records, written by Jackson through
 * {@link io.koopcredit.report.json.JsonOutput}: {@link io.koopcredit.report.json.CreditView} (credit.json),
 * {@link io.koopcredit.report.json.OptionsView} (the options object shared with validation.json) and
 * {@link io.koopcredit.report.json.InspectView} ({@code inspect --format json}). One record per JSON object,
 * fields in component order, each filled by one factory from the results; the schemas are under
 * {@code docs/schema}. No JSON is written by hand.
 */
package io.koopcredit.report.json;
