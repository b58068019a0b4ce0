package io.koopcredit.report;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.chart.ClassMaps;
import io.koopcredit.report.chart.CreditCharts;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes the report files of one or several analyses into a folder, all or nothing. */
public final class Reports {
    /** Anchor of the only section of a single-result page. */
    static final String SINGLE_ID = "analysis";

    private Reports() {
    }

    /**
     * Writes one analysis with plain file names: {@code credit.json}; {@code credits.csv} and
     * {@code feature-weights.csv} (when the weights are inline); {@code feature-weights.npy} with either (every
     * weight, float64); the PNG charts ({@code layer-credit.png}, ...); {@code index.html}
     * (which implies the PNGs it shows and links the data files written with it). If any file fails,
     * nothing is left behind.
     *
     * @param dir the output folder (created if missing)
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @param formats which files; not modified
     * @return the folder written
     */
    public static Path write(Path dir, CreditResult result, Provenance provenance, Set<ReportFormat> formats) {
        return write(dir, result, provenance, formats, ClassMaps.firstClasses());
    }

    /**
     * As {@link #write(Path, CreditResult, Provenance, Set)}, with the classes whose feature weights get a
     * heat map chosen.
     *
     * @param dir the output folder (created if missing)
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @param formats which files; not modified
     * @param maps the classes drawn (every class is in feature-weights.npy)
     * @return the folder written
     * @throws io.koopcredit.base.InvalidOptionException if a chosen class is not one of the result's (nothing
     *     is written)
     */
    public static Path write(Path dir, CreditResult result, Provenance provenance, Set<ReportFormat> formats,
                             ClassMaps maps) {
        try (StagedDirectory out = StagedDirectory.open(dir)) {
            write(out, result, provenance, formats, maps);
            out.commit();
            return dir;
        }
    }

    /**
     * Writes the files of {@link #write(Path, CreditResult, Provenance, Set)} into a staging folder the caller
     * opened (before its analysis, so that a bad output folder fails early) and commits.
     *
     * @param out where the files go; files are added; the caller commits
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @param formats which files; not modified
     */
    public static void write(StagedDirectory out, CreditResult result, Provenance provenance,
                             Set<ReportFormat> formats) {
        write(out, result, provenance, formats, ClassMaps.firstClasses());
    }

    /**
     * As {@link #write(StagedDirectory, CreditResult, Provenance, Set)}, with the classes whose feature
     * weights get a heat map chosen.
     *
     * @param out where the files go; files are added; the caller commits
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @param formats which files; not modified
     * @param maps the classes drawn (every class is in feature-weights.npy)
     * @throws io.koopcredit.base.InvalidOptionException if a chosen class is not one of the result's
     */
    public static void write(StagedDirectory out, CreditResult result, Provenance provenance,
                             Set<ReportFormat> formats, ClassMaps maps) {
        ReportSection section = new ReportSection(SINGLE_ID, sectionTitle(result), result, provenance, null);
        PageOptions options = new PageOptions(PageOptions.FileNaming.PLAIN, formats, true, maps);
        write(out, List.of(section), options, formats, "Credit report: " + sectionTitle(result), List.of());
    }

    /**
     * Writes the report of one analysis with further sections on its page (the {@code validate} command
     * adds its checks this way), into a staging folder the caller commits.
     *
     * @param out where the files go; files are added; the caller commits
     * @param title the page title
     * @param result the analysis
     * @param provenance tool, version, preprocessing
     * @param formats which files; not modified
     * @param appendices sections after the analysis, with distinct ids
     */
    public static void write(StagedDirectory out, String title, CreditResult result, Provenance provenance,
                             Set<ReportFormat> formats, List<PageAppendix> appendices) {
        ReportSection section = new ReportSection(SINGLE_ID, sectionTitle(result), result, provenance, null);
        PageOptions options = new PageOptions(PageOptions.FileNaming.PLAIN, formats, true);
        write(out, List.of(section), options, formats, title, appendices);
    }

    /**
     * Writes several analyses for one page (the {@code reproduce} command): per section
     * {@code <id>-credit.json}, {@code <id>-credits.csv}, {@code <id>-feature-weights.csv} and the
     * {@code <id>-*.png} charts, as the formats ask, plus one {@code index.html} for all of them.
     *
     * @param dir where the files go; files are added; the caller commits (or closes to discard)
     * @param title the page title
     * @param sections the analyses, in page order, with distinct ids; not modified
     * @param formats which files; not modified
     */
    public static void writePage(StagedDirectory dir, String title, List<ReportSection> sections,
                                 Set<ReportFormat> formats) {
        Set<String> ids = new HashSet<>();
        for (ReportSection s : sections) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two sections share the id " + s.id());
            }
        }
        write(dir, sections, new PageOptions(PageOptions.FileNaming.PREFIXED, formats, true), formats, title,
                List.of());
    }

    /**
     * @param result an analysis
     * @return e.g. {@code lenet5-mnist.onnx, faithful estimator}
     */
    static String sectionTitle(CreditResult result) {
        Path file = result.model().path().getFileName();
        return (file == null ? result.model().path().toString() : file.toString()) + ", "
                + result.options().kind().spec() + " estimator";
    }

    private static void write(StagedDirectory out, List<ReportSection> sections, PageOptions options,
                              Set<ReportFormat> formats, String title, List<PageAppendix> appendices) {
        // A class the chosen maps name that a result does not have is an error before any file is written.
        for (ReportSection s : sections) {
            if (s.result().featureWeights() != null) {
                options.classMaps().resolve(s.result().featureWeights().classes());
            }
        }
        for (ReportSection s : sections) {
            SectionFiles files = options.files(s);
            CreditResult r = s.result();
            if (formats.contains(ReportFormat.JSON)) {
                out.writeString(files.creditJson(), CreditJson.toJson(r, s.provenance(), files));
            }
            if (formats.contains(ReportFormat.CSV)) {
                out.writeString(files.creditsCsv(), CreditCsv.credits(r));
                if (r.featureWeights() != null && r.featureWeights().inline()) {
                    out.writeString(files.featureWeightsCsv(), CreditCsv.featureWeights(r));
                }
            }
            if (r.featureWeights() != null && (formats.contains(ReportFormat.JSON) || formats.contains(ReportFormat.CSV))) {
                out.writeStreamed(files.featureWeightsNpy(), o -> FeatureWeightsNpy.write(r.featureWeights(), o));
            }
            if (formats.contains(ReportFormat.PNG) && !formats.contains(ReportFormat.HTML)) {
                ChartFiles.write(out, files, CreditCharts.render(r, options.classMaps()));
            }
        }
        if (formats.contains(ReportFormat.HTML)) {
            HtmlReport.write(out, title, sections, appendices, options);
        }
    }
}
