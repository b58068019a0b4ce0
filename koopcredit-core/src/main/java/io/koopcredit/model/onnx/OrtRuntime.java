package io.koopcredit.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one shared ONNX Runtime environment and the explicit settings of every session this package opens. */
final class OrtRuntime {

    /**
     * Graph optimisation level. BASIC only applies semantics-preserving rewrites (constant folding,
     * redundant node removal); EXTENDED and above fuse operators into kernels whose float rounding can
     * differ from the unfused graph, so a block run alone could differ from the same block inside the
     * full model. BASIC keeps sub-models and the full model numerically consistent.
     */
    static final OptLevel OPTIMIZATION_LEVEL = OptLevel.BASIC_OPT;

    /** Name under which this library's environment logs. */
    private static final String LOG_ID = "koopcredit";

    /** Longest ONNX Runtime message quoted in an error, after its C++ source locations are removed. */
    static final int MAX_QUOTED_CHARS = 300;

    /** ONNX Runtime's message for a model of too new an IR version. */
    private static final Pattern IR_VERSION =
            Pattern.compile("Unsupported model IR version: (\\d+), max supported IR version: (\\d+)");

    /** ONNX Runtime's message for a model stamped with an unreleased opset. */
    private static final Pattern OPSET = Pattern.compile(
            "Opset (\\d+) is under development.*official support for domain (\\S+) is till opset (\\d+)");

    /** A C++ source location, {@code /onnxruntime_src/onnxruntime/core/graph/model.cc:181}, and what follows. */
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("(?:/|[A-Za-z]:\\\\)\\S*\\.(?:cc|cpp|h|hpp|cu):\\d+\\s+");

    /** The first failure to load the native library; later attempts only see "could not initialize class". */
    private static volatile Throwable nativeLoadFailure;

    private OrtRuntime() {
    }

    /** @return the process-wide environment (created on first use, never closed) */
    static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment(NativeLogging.level(), LOG_ID);
        } catch (LinkageError | RuntimeException e) {
            throw nativeLoadFailed(e);
        }
    }

    /**
     * Opens a session with explicit settings: the given thread counts, sequential execution,
     * {@link #OPTIMIZATION_LEVEL} and the log level of {@link NativeLogging}.
     *
     * @param model serialized ModelProto; not modified
     * @param options thread counts; not modified
     * @return a new session; the caller closes it
     * @throws OrtException if ONNX Runtime rejects the model
     * @throws InputException if ONNX Runtime's native library cannot be loaded
     */
    static OrtSession openSession(byte[] model, LoadOptions options) throws OrtException {
        OrtEnvironment env = environment();
        SessionOptions created;
        try {
            created = new SessionOptions();
        } catch (LinkageError | RuntimeException e) {
            throw nativeLoadFailed(e);
        }
        try (SessionOptions so = created) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.setExecutionMode(ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(OPTIMIZATION_LEVEL);
            so.setSessionLogLevel(NativeLogging.level());
            return env.createSession(model, so);
        }
    }

    /**
     * The user-facing error for a model ONNX Runtime rejects or fails on.
     *
     * @param label how to name the model in messages
     * @param doing what was being done, e.g. {@code "ONNX Runtime rejects the model"}
     * @param e ONNX Runtime's error
     * @return one line: a model too new for this ONNX Runtime says which version was expected and found;
     *     anything else quotes ONNX Runtime without its C++ source locations
     */
    static InputException failure(String label, String doing, OrtException e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        Matcher ir = IR_VERSION.matcher(m);
        if (ir.find()) {
            return new InputException(label + ": expected an ONNX IR version of at most " + ir.group(2) + " (the newest"
                    + " ONNX Runtime " + version() + " reads), found " + ir.group(1) + "; export the model with an"
                    + " older ONNX version", e);
        }
        Matcher opset = OPSET.matcher(m);
        if (opset.find()) {
            return new InputException(label + ": expected opset " + opset.group(3) + " or lower for domain "
                    + opset.group(2) + " (the newest released opset ONNX Runtime " + version() + " supports), found "
                    + opset.group(1) + "; export the model with a released opset", e);
        }
        return new InputException(label + ": " + doing + ": " + oneLine(e), e);
    }

    /**
     * @param e an ONNX Runtime (or protobuf) error
     * @return its message on one line, without ONNX Runtime's error-code prefix and C++ source locations
     *     and function signatures, cut to {@link #MAX_QUOTED_CHARS} characters
     */
    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        m = m.replaceAll("\\s*\\R\\s*", " ").trim();
        m = m.replaceFirst("^Error code - ORT_\\w+ - message: ", "");
        m = withoutSourceLocations(m);
        if (m.isEmpty()) {
            m = "no message";
        }
        return m.length() <= MAX_QUOTED_CHARS ? m : m.substring(0, MAX_QUOTED_CHARS - 3) + "...";
    }

    /**
     * Removes every {@code /path/file.cc:123 ReturnType ns::Function(args) const} from a message: ONNX Runtime
     * puts one before the cause of most errors, and it tells a user nothing.
     */
    static String withoutSourceLocations(String m) {
        StringBuilder out = new StringBuilder();
        Matcher loc = SOURCE_LOCATION.matcher(m);
        int from = 0;
        while (loc.find(from)) {
            out.append(m, from, loc.start());
            int next = skipSignature(m, loc.end());
            from = next;
        }
        out.append(m.substring(from));
        return out.toString().replaceAll("\\s{2,}", " ").trim();
    }

    /** @return the index after the C++ function signature starting at {@code i}, or {@code i} if there is none */
    private static int skipSignature(String m, int i) {
        int open = m.indexOf('(', i);
        if (open < 0 || open - i > MAX_QUOTED_CHARS) {
            return i;
        }
        int depth = 0;
        for (int k = open; k < m.length(); k++) {
            char c = m.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                int end = k + 1;
                if (m.startsWith(" const", end)) {
                    end += " const".length();
                }
                while (end < m.length() && m.charAt(end) == ' ') {
                    end++;
                }
                return end;
            }
        }
        return i;
    }

    /** @return the version of the bundled ONNX Runtime, e.g. {@code 1.24.2} */
    static String version() {
        return environment().getVersion();
    }

    /**
     * @param e what loading ONNX Runtime's native library threw (first time: the cause; later: "could not
     *     initialize class")
     * @return one line saying why, with the folder ONNX Runtime unpacks its library into
     */
    private static InputException nativeLoadFailed(Throwable e) {
        if (nativeLoadFailure == null) {
            nativeLoadFailure = e;
        }
        Throwable first = nativeLoadFailure;
        String why = null;
        for (Throwable t = first; t != null && why == null; t = t.getCause()) {
            if (t instanceof IOException io) {
                why = InputFiles.reason(io) + (io instanceof FileSystemException f && f.getFile() != null
                        ? " (" + f.getFile() + ")" : "");
            }
        }
        if (why == null) {
            Throwable root = first;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            why = root.getMessage() == null ? "unknown cause" : root.getMessage().replaceAll("\\s*\\R\\s*", " ");
        }
        return new InputException("cannot load ONNX Runtime's native library: " + why + "; it is unpacked into"
                + " java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + "), which must exist, be writable and"
                + " have free space (choose another folder with -Djava.io.tmpdir=DIR)", first);
    }
}
