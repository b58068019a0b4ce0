package io.koopcredit.model.onnx;

import ai.onnxruntime.OrtLoggingLevel;

/**
 * Whether ONNX Runtime's own log messages reach the terminal. ONNX Runtime logs from native code straight
 * to the process's standard error, outside the Java streams, in its own format; every failure it reports
 * also comes back as an error that this library turns into one line naming the model. So by default only
 * fatal messages get through; {@link #setVerbose(boolean) verbose} lets warnings and errors through too
 * (for example ONNX Runtime's own view of a model it rejects).
 *
 * <p>The setting is process-wide, like ONNX Runtime's environment: set it before the first model is
 * loaded (the environment's level is fixed when it is created; every session takes the current setting).
 */
public final class NativeLogging {
    private static volatile boolean verbose;

    private NativeLogging() {
    }

    /**
     * @param on true to let ONNX Runtime's warnings and errors through to standard error, false (the
     *     default) for fatal messages only
     */
    public static void setVerbose(boolean on) {
        verbose = on;
    }

    /** @return whether ONNX Runtime's warnings and errors reach standard error */
    public static boolean verbose() {
        return verbose;
    }

    /** @return the ONNX Runtime log level for the environment and every session */
    static OrtLoggingLevel level() {
        return verbose ? OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING : OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
    }
}
