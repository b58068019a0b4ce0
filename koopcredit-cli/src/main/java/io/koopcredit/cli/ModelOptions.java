package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose the model and how it is cut into blocks. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "MODEL", converter = Converters.NonEmptyPath.class,
            description = "ONNX model file (default: the bundled LeNet-5, models/lenet5-mnist.onnx)")
    Path model;

    @Option(names = "--blocks", paramLabel = "SPEC",
            description = "Partition, e.g. conv1+pool1,conv2+pool2,dense1-dense3 (default: one block per layer)")
    String blocks;

    @Option(names = "--keep-softmax", description = "Credit a trailing Softmax/LogSoftmax too (default: excluded)")
    boolean keepSoftmax;

    /** @return the model path, the bundled LeNet-5 if none was given */
    Path modelPath() {
        return model != null ? model : Install.lenet5();
    }

    /**
     * @return the loaded network; the caller closes it
     * @throws InputException for a missing, corrupt or unsupported model
     */
    Network open() {
        return OnnxNetwork.load(modelPath(), LoadOptions.defaults().withKeepSoftmax(keepSoftmax));
    }

    /**
     * Checks {@code --blocks} against the loaded model, so that a bad spec is reported as an option error.
     *
     * @param network the loaded model
     * @param spec the command whose option it is
     * @throws picocli.CommandLine.ParameterException if the spec does not fit the model
     */
    void checkBlocks(Network network, picocli.CommandLine.Model.CommandSpec spec) {
        Converters.option(spec, () -> network.partition(blocks));
    }
}
