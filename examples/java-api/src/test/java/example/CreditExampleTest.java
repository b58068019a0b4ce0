package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The example runs and prints one line per block of LeNet-5, in the paper's order, with finite credits. */
class CreditExampleTest {
    @Test
    void printsTheCreditOfEveryBlock() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CreditExample.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(7, lines.length, String.join("\n", lines));
        String[] blocks = {"conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "dense3"};
        for (int i = 0; i < blocks.length; i++) {
            assertTrue(lines[i].startsWith(blocks[i] + " "), lines[i]);
            double credit = Double.parseDouble(lines[i].split("log credit")[1].trim().split("\\s+")[0]);
            assertTrue(Double.isFinite(credit) && credit < 0, lines[i]);
        }
    }
}
