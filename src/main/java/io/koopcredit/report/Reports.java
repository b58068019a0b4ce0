package io.koopcredit.report;

import io.koopcredit.credit.CreditResult;
import java.nio.file.Path;
import java.util.Set;

/** Writes the report files of one analysis into a folder, all or nothing. */
public final class Reports {
    private Reports() {
    }

    /**
     * @param dir the output folder (created if missing)
     * @param result the analysis
     * @param provenance tool, version, preprocessing
     * @param formats which files
     * @return the folder written
     */
    public static Path write(Path dir, CreditResult result, Provenance provenance, Set<ReportFormat> formats) {
        try (StagedDirectory out = StagedDirectory.open(dir)) {
            if (formats.contains(ReportFormat.JSON)) {
                out.writeString("credit.json", CreditJson.toJson(result, provenance));
            }
            if (formats.contains(ReportFormat.CSV)) {
                out.writeString("credits.csv", CreditCsv.credits(result));
                if (result.featureWeights() != null) {
                    out.writeString("feature-weights.csv", CreditCsv.featureWeights(result));
                }
            }
            if (formats.contains(ReportFormat.PNG) || formats.contains(ReportFormat.HTML)) {
                throw new io.koopcredit.InputException("--report png/html: not implemented yet");
            }
            out.commit();
            return dir;
        }
    }
}
