package io.koopcredit.model.onnx;

/**
 * How to read a model and run it.
 *
 * @param keepSoftmax if true, a trailing Softmax / LogSoftmax is credited as part of the last layer; if
 *     false (the default) it is listed as excluded and blocks end before it
 * @param intraOpThreads ONNX Runtime threads inside one operator, at least 1; the default 1 keeps results
 *     independent of the machine and lets callers parallelise across blocks at the Java level
 * @param interOpThreads ONNX Runtime threads across operators, at least 1 (default 1)
 * @param maxBatch the largest number of samples sent to ONNX Runtime in one run, at least 1; larger
 *     requests are split into chunks (ignored when the model fixes its batch size)
 */
public record LoadOptions(boolean keepSoftmax, int intraOpThreads, int interOpThreads, int maxBatch) {

    /**
     * Default chunk size: 256 samples keep one run's native buffers small (256 x 4704 floats, the widest
     * LeNet-5 tensor, is under 5 MB) while amortising the per-run overhead of ONNX Runtime.
     */
    public static final int DEFAULT_MAX_BATCH = 256;

    /** Default thread count for both intra- and inter-op parallelism: single-threaded and deterministic. */
    public static final int DEFAULT_THREADS = 1;

    /** Validates the counts. */
    public LoadOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, found " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException("interOpThreads must be >= 1, found " + interOpThreads);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, found " + maxBatch);
        }
    }

    /** @return the defaults: Softmax excluded, one thread each, chunks of {@link #DEFAULT_MAX_BATCH} */
    public static LoadOptions defaults() {
        return new LoadOptions(false, DEFAULT_THREADS, DEFAULT_THREADS, DEFAULT_MAX_BATCH);
    }

    /**
     * @param keep whether to credit a trailing Softmax
     * @return a copy of these options with {@code keepSoftmax} set (this record is not modified)
     */
    public LoadOptions withKeepSoftmax(boolean keep) {
        return new LoadOptions(keep, intraOpThreads, interOpThreads, maxBatch);
    }

    /**
     * @param intra threads inside one operator, at least 1
     * @param inter threads across operators, at least 1
     * @return a copy of these options with the thread counts set (this record is not modified)
     */
    public LoadOptions withThreads(int intra, int inter) {
        return new LoadOptions(keepSoftmax, intra, inter, maxBatch);
    }

    /**
     * @param max the largest chunk of samples per run, at least 1
     * @return a copy of these options with {@code maxBatch} set (this record is not modified)
     */
    public LoadOptions withMaxBatch(int max) {
        return new LoadOptions(keepSoftmax, intraOpThreads, interOpThreads, max);
    }
}
