package io.koopcredit.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** The one shared ONNX Runtime environment and the explicit settings of every session this package opens. */
final class OrtRuntime {

    /**
     * Graph optimisation level. BASIC only applies semantics-preserving rewrites (constant folding,
     * redundant node removal); EXTENDED and above fuse operators into kernels whose float rounding can
     * differ from the unfused graph, so a block run alone could differ from the same block inside the
     * full model. BASIC keeps sub-models and the full model numerically consistent.
     */
    static final OptLevel OPTIMIZATION_LEVEL = OptLevel.BASIC_OPT;

    /**
     * Log level of the shared environment: warnings (e.g. about unused initializers in a copied model)
     * would go to the process's stderr outside the CLI's control, so only errors are logged.
     */
    static final OrtLoggingLevel LOG_LEVEL = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;

    /** Name under which this library's environment logs. */
    private static final String LOG_ID = "koopcredit";

    private OrtRuntime() {
    }

    /** @return the process-wide environment (created on first use, never closed) */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(LOG_LEVEL, LOG_ID);
    }

    /**
     * Opens a session with explicit settings: the given thread counts, sequential execution and
     * {@link #OPTIMIZATION_LEVEL}.
     *
     * @param model serialized ModelProto; not modified
     * @param options thread counts; not modified
     * @return a new session; the caller closes it
     * @throws OrtException if ONNX Runtime rejects the model
     */
    static OrtSession openSession(byte[] model, LoadOptions options) throws OrtException {
        try (SessionOptions so = new SessionOptions()) {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.setExecutionMode(ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(OPTIMIZATION_LEVEL);
            return environment().createSession(model, so);
        }
    }

    /**
     * @param e an ONNX Runtime error
     * @return its message on one line
     */
    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
