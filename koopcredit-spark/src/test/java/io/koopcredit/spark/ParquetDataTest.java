package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.data.DataSource;
import io.koopcredit.data.DataSplits;
import io.koopcredit.data.Dataset;
import io.koopcredit.data.Preprocessing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data} as a Parquet dataset on {@code --spark local[2]}: the same digits as a float {@code .npy}
 * file give the same analysis of the 81-wide MLP, whose declared 3 × 3 pooling applies to the 28 × 28 rows
 * (the rows split as a single file: first N fit, last H held out, in the order of file and row); binary
 * samples are pixels and labels come along; bad datasets are one line, exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParquetDataTest {
    private static final int ROWS = 160;

    @TempDir
    static Path tmp;

    private Path npy;
    private Path parquet;
    private Dataset digits;

    @BeforeAll
    void write() throws IOException {
        DataSplits mnist = DataSource.load(Path.of("data/mnist"), Preprocessing.DEFAULT);
        digits = mnist.test().head(ROWS);
        npy = tmp.resolve("digits.npy");
        writeNpy(npy, digits);
        // Two files whose names give the row order: rows [0, 90) and [90, 160).
        parquet = Files.createDirectories(tmp.resolve("digits-parquet"));
        SparkSession spark = SparkSession.builder().master("local[1]").appName("write")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            // Without labels, like the .npy file (whose labels the command line would look for by name).
            writePart(spark, digits, 0, 90, parquet.resolve("part-0.parquet"), false, false);
            writePart(spark, digits, 90, ROWS, parquet.resolve("part-1.parquet"), false, false);
            Path bin = Files.createDirectories(tmp.resolve("bytes-parquet"));
            writePart(spark, digits, 0, ROWS, bin.resolve("part-0.parquet"), true, true);
            Path two = Files.createDirectories(tmp.resolve("two-columns-parquet"));
            StructType schema = new StructType().add("a", DataTypes.createArrayType(DataTypes.FloatType))
                    .add("b", DataTypes.BinaryType);
            spark.createDataFrame(List.of(RowFactory.create(new float[] {1f}, new byte[] {1})), schema).coalesce(1)
                    .write().mode(SaveMode.Overwrite).parquet(two.resolve("t").toString());
        } finally {
            spark.stop();
        }
    }

    @AfterAll
    void closeModels() {
        ExecutorModels.closeAll();
    }

    @Test
    void parquetGivesTheAnalysisOfTheSameNpy() throws Exception {
        String[] options = {"credit", "--model", "models/mlp81-mnist.onnx", "--samples", "2", "--trials", "2",
            "--holdout", "60"};
        Path a = tmp.resolve("npy-out");
        Path b = tmp.resolve("parquet-out");
        CreditJson.Run ra = CreditJson.cli(concat(options, "--data", npy.toString(), "--out", a.toString()));
        assertEquals(0, ra.code(), ra.err());
        CreditJson.Run rb = CreditJson.cli(concat(options, "--data", parquet.toString(), "--out", b.toString(),
                "--spark", "local[2]"));
        assertEquals(0, rb.code(), rb.err());
        CreditJson.assertSameAnalysis(CreditJson.read(a), CreditJson.read(b), "data");
        assertTrue(CreditJson.read(b).get("data").asText().contains("rows [100, 160)"),
                CreditJson.read(b).get("data").asText());
    }

    @Test
    void binarySamplesArePixels() throws Exception {
        Path out = tmp.resolve("bytes-out");
        CreditJson.Run r = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--samples", "1", "--trials",
                "1", "--holdout", "50", "--data", tmp.resolve("bytes-parquet").toString(), "--out", out.toString(),
                "--spark", "local[2]");
        assertEquals(0, r.code(), r.err());
        // Labels came along: the network's held-out accuracy is measured, and the bytes were scaled to [0, 1]
        // (raw 0..255 pixels would leave the network near chance).
        double accuracy = CreditJson.read(out).get("global").get("networkAccuracy").asDouble();
        assertTrue(accuracy > 0.8, "network accuracy on the held-out rows: " + accuracy);
    }

    @Test
    void badDatasetsAreOneLine() {
        CreditJson.Run two = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--holdout", "1",
                "--data", tmp.resolve("two-columns-parquet").resolve("t").toString(), "--out",
                tmp.resolve("x").toString(), "--spark", "local[2]");
        assertEquals(2, two.code(), two.err());
        assertTrue(two.err().contains("expected one column of samples (array<float>, array<double> or binary), found"
                + " 2 (a, b)"), two.err());
        assertEquals(1, two.err().strip().lines().count(), two.err());
        CreditJson.Run many = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--samples", "1",
                "--holdout", "500", "--data", parquet.toString(), "--out", tmp.resolve("y").toString(), "--spark",
                "local[2]");
        assertEquals(2, many.code(), many.err());
        assertTrue(many.err().contains("expected fitting + holdout samples to be at most " + ROWS), many.err());
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("y")), "an output folder was written");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** One Parquet file holding rows [from, to) (Spark writes a folder; its one part file is moved out). */
    private static void writePart(SparkSession spark, Dataset d, int from, int to, Path file, boolean bytes,
                                  boolean labels) throws IOException {
        StructType schema = new StructType()
                .add("pixels", bytes ? DataTypes.BinaryType : DataTypes.createArrayType(DataTypes.FloatType));
        if (labels) {
            schema = schema.add("label", DataTypes.IntegerType);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            float[] s = d.sample(i);
            Object sample;
            if (bytes) {
                byte[] b = new byte[s.length];
                for (int k = 0; k < s.length; k++) {
                    b[k] = (byte) Math.round(s[k] * 255f);
                }
                sample = b;
            } else {
                sample = s;
            }
            rows.add(labels ? RowFactory.create(sample, d.label(i)) : RowFactory.create(sample));
        }
        Path folder = file.resolveSibling(file.getFileName() + ".d");
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(folder.toString());
        try (Stream<Path> parts = Files.list(folder)) {
            Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.move(part, file);
        }
        try (Stream<Path> rest = Files.walk(folder)) {
            for (Path p : rest.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A float32 .npy file of shape (count, 28, 28). */
    private static void writeNpy(Path file, Dataset d) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + d.count() + ", 28, 28), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        String padded = header + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + padded.length() + 4 * d.values().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) padded.length());
        buf.put(padded.getBytes(StandardCharsets.US_ASCII));
        for (float v : d.values()) {
            buf.putFloat(v);
        }
        Files.write(file, buf.array());
    }
}
