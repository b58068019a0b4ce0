package io.koopcredit.report.chart;

import io.koopcredit.credit.CreditResult;
import java.nio.file.Path;

/** The short "which run is this" suffix of chart titles, so that a PNG found alone identifies itself. */
final class ChartContext {
    private ChartContext() {
    }

    /**
     * @param result the analysis
     * @return e.g. {@code lenet5-mnist.onnx · faithful}
     */
    static String of(CreditResult result) {
        Path file = result.model().path().getFileName();
        String model = file == null ? result.model().path().toString() : file.toString();
        return model + " · " + result.options().kind().spec();
    }

    /**
     * @param title the chart's own title
     * @param result the analysis
     * @return {@code title · model · estimator}
     */
    static String title(String title, CreditResult result) {
        return title + " · " + of(result);
    }
}
