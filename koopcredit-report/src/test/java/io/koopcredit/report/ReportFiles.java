package io.koopcredit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reading back written report folders in tests. */
final class ReportFiles {
    /** A src or href attribute value (the writer always double-quotes). */
    private static final Pattern REFERENCE = Pattern.compile("\\s(?:src|href)=\"([^\"]*)\"");
    /** An id attribute value. */
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

    private ReportFiles() {
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the names in the folder, sorted, without the hidden list of the last run's files */
    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(StagedDirectory.MANIFEST)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every src/href value of the page, entity references decoded */
    static List<String> references(String html) {
        return all(REFERENCE, html);
    }

    /** @return every id of the page */
    static List<String> ids(String html) {
        return all(ID, html);
    }

    /**
     * @param text plain text
     * @return it as the page's templates escape it in element content (jte's HTML escaping: {@code & < >};
     *     quotes are escaped only inside attribute values)
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** @return the page without its timings blocks (markers included) */
    static String withoutTimings(String html) {
        return html.replaceAll("(?s)" + Pattern.quote(HtmlReport.TIMINGS_BEGIN) + ".*?"
                + Pattern.quote(HtmlReport.TIMINGS_END) + "\n", "");
    }

    /** Minimal RFC 4180 reader: quoted cells with doubled quotes, no line breaks inside cells. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> all(Pattern p, String html) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(html);
        while (m.find()) {
            out.add(m.group(1).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&"));
        }
        return out;
    }
}
