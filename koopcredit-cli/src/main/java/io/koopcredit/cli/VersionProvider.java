package io.koopcredit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version and git commit written into the jar at build time. */
public final class VersionProvider implements IVersionProvider {

    /** @return e.g. {@code 0.1.0 (commit 1a2b3c4)} */
    public static String describe() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/koopcredit-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = clean(p.getProperty("version"), "unknown");
        String commit = clean(p.getProperty("commit"), "unknown");
        String dirty = "true".equals(p.getProperty("dirty")) ? ", with uncommitted changes" : "";
        return version + " (commit " + commit + dirty + ")";
    }

    private static String clean(String value, String fallback) {
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"koopcredit " + describe()};
    }
}
