package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.data.DataSource;
import io.koopcredit.data.DataSplits;
import io.koopcredit.data.Labels;
import io.koopcredit.data.NpyDtype;
import io.koopcredit.data.NpySamples;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.data.SampleSplit;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code --data PATH} for a Parquet dataset (a {@code .parquet} file, or a folder of them), read with Spark
 * SQL: one column of samples, {@code array<float>} or {@code array<double>} (values taken as already
 * scaled, like a float {@code .npy} file) or {@code binary} (bytes = pixel values 0..255, scaled like IDX
 * pixels), and an optional integer column {@code label}. The rows are ordered by file and row within the
 * file (Spark's {@code _metadata.file_path} and {@code _metadata.row_index}), and split as a single file:
 * the first N rows fit, the last H are held out. A square sample of s² values is an s × s image (so the
 * model's pooling applies as to MNIST files); any other length is a flat sample. The model's preprocessing
 * then applies as for a {@code .npy} file.
 *
 * <p>Only the fitting and held-out rows are brought to the driver, which runs the network on them.
 */
final class ParquetData {
    /** The name of the optional label column. */
    static final String LABEL = "label";

    private ParquetData() {
    }

    /** @return whether {@code path} names Parquet data: a {@code .parquet} file or a folder holding one */
    static boolean isParquet(Path path) {
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".parquet")) {
            return true;
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * @param spark the context
     * @param path the Parquet file or folder
     * @param preprocessing the model's preprocessing
     * @param model the model (its input shape is checked)
     * @param fit fitting samples (the first rows)
     * @param holdout held-out samples (the last rows)
     * @return the analysis data
     * @throws InputException if the data is missing, has no or several sample columns, too few rows, samples
     *     of different lengths, or null or non-finite values
     */
    static AnalysisData load(JavaSparkContext spark, Path path, Preprocessing preprocessing, ModelInfo model, int fit,
                             int holdout) {
        if (!Files.exists(path)) {
            throw new InputException("--data " + path + ": expected a Parquet file or folder, found nothing there");
        }
        SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
        org.apache.spark.sql.Dataset<Row> table;
        try {
            table = session.read().parquet(path.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new InputException("--data " + path + ": expected a Parquet dataset, found one Spark cannot read ("
                    + firstLine(e) + ")", e);
        }
        List<String> sampleColumns = new ArrayList<>();
        NpyDtype dtype = null;
        boolean labels = false;
        List<String> found = new ArrayList<>();
        for (StructField f : table.schema().fields()) {
            DataType t = f.dataType();
            found.add(f.name() + ": " + t.simpleString());
            NpyDtype d = t instanceof BinaryType ? NpyDtype.UINT8
                    : t instanceof ArrayType a && a.elementType() instanceof FloatType ? NpyDtype.FLOAT32
                    : t instanceof ArrayType a && a.elementType() instanceof DoubleType ? NpyDtype.FLOAT64 : null;
            if (d != null) {
                sampleColumns.add(f.name());
                dtype = d;
            } else if (f.name().equals(LABEL)) {
                if (!(t instanceof IntegerType || t instanceof LongType || t instanceof ShortType
                        || t instanceof ByteType)) {
                    throw new InputException("--data " + path + ": expected an integer column '" + LABEL
                            + "', found " + t.simpleString());
                }
                labels = true;
            }
        }
        if (sampleColumns.size() != 1) {
            throw new InputException("--data " + path + ": expected one column of samples (array<float>,"
                    + " array<double> or binary), found " + (sampleColumns.isEmpty() ? "none" : sampleColumns.size()
                    + " (" + String.join(", ", sampleColumns) + ")") + " among " + found);
        }
        String column = sampleColumns.get(0);
        org.apache.spark.sql.Dataset<Row> ordered = table.select(functions.col(column),
                        labels ? functions.col(LABEL) : functions.lit(null).cast("int"),
                        functions.col("_metadata.file_path"), functions.col("_metadata.row_index"))
                .orderBy("file_path", "row_index");
        long total = ordered.count();
        if ((long) fit + holdout > total) {
            throw new InputException("--data " + path + ": expected fitting + holdout samples to be at most " + total
                    + " (the rows of the dataset: the first for fitting, the last held out, without overlap), found "
                    + fit + " + " + holdout + " = " + ((long) fit + holdout));
        }
        long firstHeld = total - holdout;
        List<Row> rows = ordered.javaRDD().zipWithIndex()
                .filter(t -> t._2() < fit || t._2() >= firstHeld)
                .map(t -> t._1())
                .collect();
        int count = rows.size();
        int size = -1;
        float[] values = null;
        int[] labelValues = labels ? new int[count] : null;
        for (int j = 0; j < count; j++) {
            Row r = rows.get(j);
            long rowNumber = j < fit ? j : firstHeld + (j - fit);
            if (r.isNullAt(0)) {
                throw new InputException("--data " + path + ": row " + rowNumber + ": expected a sample in column '"
                        + column + "', found null");
            }
            float[] sample = dtype == NpyDtype.UINT8 ? bytes((byte[]) r.get(0)) : floats(r.getList(0), path, rowNumber);
            if (size < 0) {
                size = sample.length;
                values = new float[count * size];
            } else if (sample.length != size) {
                throw new InputException("--data " + path + ": row " + rowNumber + ": expected a sample of " + size
                        + " values like the first row, found " + sample.length);
            }
            System.arraycopy(sample, 0, values, j * size, size);
            if (labels) {
                if (r.isNullAt(1)) {
                    throw new InputException("--data " + path + ": row " + rowNumber + ": expected a label, found null");
                }
                labelValues[j] = ((Number) r.get(1)).intValue();
            }
        }
        int side = (int) Math.round(Math.sqrt(size));
        int[] shape = side * side == size ? new int[] {side, side} : new int[] {size};
        NpySamples samples = new NpySamples(path, dtype, count, shape, values);
        io.koopcredit.data.Dataset all = preprocessing.apply(samples, labels ? new Labels(path, count, labelValues) : null);
        SampleSplit split = new DataSplits(Optional.empty(), all).split(fit, holdout);
        DataSource.requireShape(split.fit(), model.inputShape().dims());
        return new AnalysisData("fit: " + path + " rows [0, " + fit + "); held-out: " + path + " rows [" + firstHeld
                + ", " + total + ")", split.fit().values(), fit, split.holdout().values(), holdout,
                split.holdout().labelsOrNull());
    }

    private static float[] bytes(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i] & 0xff;
        }
        return f;
    }

    private static float[] floats(List<Object> list, Path path, long row) {
        float[] f = new float[list.size()];
        for (int i = 0; i < f.length; i++) {
            Object v = list.get(i);
            if (v == null) {
                throw new InputException("--data " + path + ": row " + row + ", value " + i + ": expected a number,"
                        + " found null");
            }
            f[i] = ((Number) v).floatValue();
        }
        return f;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.indexOf('\n') < 0 ? m : m.substring(0, m.indexOf('\n'));
    }
}
