package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.koopcredit.base.InputException;
import io.koopcredit.model.onnx.PartitionSpecParser.Part;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The --blocks grammar, checked against a list of layer names only. */
class PartitionSpecParserTest {

    static final List<String> LAYERS = List.of("conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "dense3");
    static final String VALID = "; layers are conv1, pool1, conv2, pool2, dense1, dense2, dense3";

    @Test
    void parsesSinglesJoinsAndRanges() {
        assertEquals(List.of(new Part("conv1+pool1", 0, 1), new Part("conv2+pool2", 2, 3), new Part("dense1-dense3", 4, 6)),
                PartitionSpecParser.parse("conv1+pool1,conv2+pool2,dense1-dense3", LAYERS));
        assertEquals(List.of(new Part("conv1-pool2", 0, 3), new Part("dense1", 4, 4), new Part("dense2+dense3", 5, 6)),
                PartitionSpecParser.parse(" conv1 - pool2 , dense1,dense2 + dense3 ", LAYERS));
        assertEquals(List.of(new Part("conv1-dense3", 0, 6)), PartitionSpecParser.parse("conv1-dense3", LAYERS));
        assertEquals(List.of(new Part("conv1+pool1+conv2", 0, 2), new Part("pool2-pool2", 3, 3),
                        new Part("dense1-dense3", 4, 6)),
                PartitionSpecParser.parse("conv1+pool1+conv2,pool2-pool2,dense1-dense3", LAYERS));
        assertEquals(7, PartitionSpecParser.parse(String.join(",", LAYERS), LAYERS).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "conv1+dense1|layers conv1 and dense1 are not consecutive",
        "pool1+conv1,conv2-dense3|layers pool1 and conv1 are not consecutive",
        "conv1+conv1,pool1-dense3|layer conv1 appears twice in part 'conv1+conv1'",
        "conv1-pool2,pool2-dense3|part 'pool2-dense3' overlaps part 'conv1-pool2' at layer pool2",
        "conv1-dense3,dense2|part 'dense2' overlaps part 'conv1-dense3' at layer dense2",
        "conv2+pool2,conv1+pool1,dense1-dense3|part 'conv1+pool1' is out of order: it comes after part 'conv2+pool2' but its layers come before",
        "conv1-pool2,dense3,dense1+dense2|part 'dense1+dense2' is out of order: it comes after part 'dense3' but its layers come before",
        "conv1+pool1,conv2+pool2|layers dense1, dense2, dense3 are in no part; the parts must cover every layer",
        "conv1,conv2-dense3|layer pool1 before part 'conv2-dense3' is in no part; the parts must cover every layer",
        "conv1-dense2|layer dense3 is in no part; the parts must cover every layer",
        "conv1,,pool1-dense3|part 2 is empty",
        "conv1-dense3,|part 2 is empty",
        "dense3-dense1|part 'dense3-dense1' runs backwards: dense3 comes after dense1",
        "conv1+pool1-dense3|part 'conv1+pool1-dense3' mixes '+' and '-'; write a+b+c or a-c",
        "conv1--dense3|part 'conv1--dense3' is not a range first-last",
        "conv1-|part 'conv1-' is not a range first-last",
        "conv1+,pool1-dense3|part 'conv1+' has an empty name around '+'",
        "convX-dense3|unknown layer 'convX' in part 'convX-dense3'",
        "Conv1-dense3|unknown layer 'Conv1' in part 'Conv1-dense3'",
    })
    void rejectsBadSpecsNamingTheOffendingPart(String spec, String problem) {
        InputException e = assertThrows(InputException.class, () -> PartitionSpecParser.parse(spec, LAYERS));
        assertEquals("blocks '" + spec + "': " + problem + VALID, e.getMessage());
    }

    @Test
    void rejectsBlankSpecs() {
        InputException e = assertThrows(InputException.class, () -> PartitionSpecParser.parse("  ", LAYERS));
        assertEquals("blocks '  ': the spec is empty; expected parts such as conv1+pool1,conv2-dense3" + VALID,
                e.getMessage());
    }
}
