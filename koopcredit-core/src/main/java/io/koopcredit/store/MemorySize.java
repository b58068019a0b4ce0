package io.koopcredit.store;

import io.koopcredit.base.InvalidOptionException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as people write them: {@code 4g}, {@code 512m}, {@code 1.5g}, {@code 64G}, {@code 2gb},
 * {@code 8GiB}. Units are powers of 1024 ({@code k}, {@code m}, {@code g}, {@code t}), as the JVM's
 * {@code -Xmx} reads them; a unit is required (a bare {@code 4096} is more likely meant as megabytes than
 * as 4096 bytes, so it is refused rather than guessed).
 */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt])(?:i?b)?",
            Pattern.CASE_INSENSITIVE);

    private MemorySize() {
    }

    /**
     * @param option the option's library name, for the message (e.g. {@code memory})
     * @param text e.g. {@code 4g}
     * @return the size in bytes, at least 1
     * @throws InvalidOptionException naming the text and the accepted form
     */
    public static long parse(String option, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        String expected = "expected a size such as 4g, 512m or 1.5g (units k, m, g, t: powers of 1024)";
        if (!m.matches()) {
            String why = t.startsWith("-") ? ", found a negative size" : t.matches("\\d+(\\.\\d+)?") ? ", found a number"
                    + " without a unit" : "";
            throw new InvalidOptionException(option, text, expected + why, null);
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 40;
        };
        java.math.BigDecimal bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(java.math.BigDecimal.ONE) < 0) {
            throw new InvalidOptionException(option, text, expected + ", found a size of zero", null);
        }
        if (bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new InvalidOptionException(option, text, expected + ", found a size beyond any machine", null);
        }
        return bytes.longValue();
    }

    /**
     * @param bytes a size
     * @return it in the largest binary unit that keeps it at or above 1, with one decimal: {@code 4.0 GiB}
     *     (as {@link io.koopcredit.base.InputFiles#size} writes sizes)
     */
    public static String format(long bytes) {
        return io.koopcredit.base.InputFiles.size(bytes);
    }
}
