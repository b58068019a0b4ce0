package io.koopcredit.cli;

import java.nio.file.Path;

/**
 * Where the bundled models and data are. The launcher script passes the repository root as the system
 * property {@code koopcredit.home}; without it (for example under a test runner) the working directory is
 * used.
 */
final class Install {
    /** System property naming the installation root. */
    static final String HOME_PROPERTY = "koopcredit.home";

    private Install() {
    }

    /** @return the installation root */
    static Path home() {
        String h = System.getProperty(HOME_PROPERTY);
        return h == null || h.isBlank() ? Path.of("") : Path.of(h);
    }

    /** @return the bundled LeNet-5 (the paper's N1) */
    static Path lenet5() {
        return home().resolve("models/lenet5-mnist.onnx");
    }

    /** @return the bundled 81-128-64-24-10 network (the paper's N2) */
    static Path mlp81() {
        return home().resolve("models/mlp81-mnist.onnx");
    }

    /** @return the bundled MNIST digits */
    static Path mnist() {
        return home().resolve("data/mnist");
    }
}
