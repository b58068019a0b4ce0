package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ModelInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one credit analysis: per-block credits and diagnostics, the global view, and the
 * operators themselves for further use (feature weights, validation).
 *
 * @param model the analysed model file
 * @param data where the samples came from
 * @param options the options, with every default filled in
 * @param partition the block partition
 * @param blocks one result per block, in order
 * @param operators the mean operator K_i of each block (null where the block FAILED)
 * @param featureWeights rows of K = K_m⋯K_1 (null unless every block has an operator)
 * @param templates how well each class's feature-weight map matches that class's mean held-out input
 *     minus the overall mean (null without feature weights or without labels)
 * @param global the product operator's agreement with the network (null unless every block has an
 *     operator)
 * @param globalNote why feature weights and global fidelity are missing (null when they are present)
 * @param examples a few held-out samples with their predictions (the first of each label when labels
 *     exist, else the first ones), for per-sample views
 * @param timings where the time went
 */
public record CreditResult(ModelInfo model, String data, AnalysisOptions options, BlockPartition partition,
                           List<BlockResult> blocks, List<KoopmanOperator> operators, FeatureWeights featureWeights,
                           TemplateAgreement templates, GlobalFidelity global, String globalNote,
                           List<Example> examples, Timings timings) {

    /** Validates that the lists line up with the partition. */
    public CreditResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        blocks = List.copyOf(blocks);
        operators = Collections.unmodifiableList(new ArrayList<>(operators));
        examples = List.copyOf(examples);
        if ((featureWeights == null) != (globalNote != null)) {
            throw new IllegalArgumentException("a note explains missing feature weights, and only then");
        }
        if (blocks.size() != partition.size() || operators.size() != partition.size()) {
            throw new IllegalArgumentException("a result needs one entry per block: " + partition.size()
                    + " blocks, " + blocks.size() + " results, " + operators.size() + " operators");
        }
    }

    /**
     * @param name a block name
     * @return that block's result
     * @throws IllegalArgumentException if there is no such block
     */
    public BlockResult block(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no block named " + name));
    }
}
