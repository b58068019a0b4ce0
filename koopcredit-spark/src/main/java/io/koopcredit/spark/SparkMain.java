package io.koopcredit.spark;

import io.koopcredit.cli.Main;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point with Spark on the class path: the command line of {@link Main}, whose {@code credit}
 * command then accepts {@code --spark MASTER}. Under {@code spark-submit} (which sets the system property
 * {@code spark.master}), {@code credit} without {@code --spark} runs on the submitted master.
 */
public final class SparkMain {
    /** Spark's log on the command line: warnings and errors on stderr (a resource of this module). */
    static final String LOG_CONFIG = "koopcredit-log4j2.properties";

    private SparkMain() {
    }

    /** @param args the command line, as for {@code koopcredit} */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIG);
        }
        Main.main(withSubmittedMaster(args, System.getProperty("spark.master")));
    }

    /**
     * @param args the command line
     * @param submitted the master spark-submit set, or null
     * @return the command line with {@code --spark} added for {@code credit} when spark-submit gave a master
     */
    static String[] withSubmittedMaster(String[] args, String submitted) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        boolean credit = !list.isEmpty() && list.get(0).equals("credit");
        boolean given = list.stream().anyMatch(a -> a.equals("--spark") || a.startsWith("--spark="));
        if (credit && !given && submitted != null && !submitted.isBlank()) {
            list.add(1, "--spark");
            list.add(2, submitted);
        }
        return list.toArray(String[]::new);
    }
}
