package example;

import io.koopcredit.KoopCredit;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import java.nio.file.Path;

/** The block credits of the bundled LeNet-5, with the paper's settings: koopcredit as a library. */
public final class CreditExample {
    private CreditExample() {
    }

    /** @param args the model and the data (default: the repository's bundled LeNet-5 and MNIST digits) */
    public static void main(String[] args) {
        Path model = Path.of(args.length > 0 ? args[0] : "../../models/lenet5-mnist.onnx");
        Path data = Path.of(args.length > 1 ? args[1] : "../../data/mnist");
        CreditResult result = KoopCredit.analyze(model, data);
        for (BlockResult b : result.blocks()) {
            System.out.printf("%-8s log credit %10.3f  rank %d  fidelity %.3f%n", b.name(), b.credit().logCredit(),
                    b.creditRank(), b.fidelity().median());
        }
    }
}
