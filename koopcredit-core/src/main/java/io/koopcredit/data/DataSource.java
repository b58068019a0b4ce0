package io.koopcredit.data;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the user's {@code --data PATH} into preprocessed {@link DataSplits}, and checks that data fits a
 * model's input. {@code PATH} may be:
 * <ul>
 *   <li>a folder with the standard MNIST file names, each plain or with {@code .gz}:
 *       {@code t10k-images-idx3-ubyte} (required), {@code t10k-labels-idx1-ubyte},
 *       {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (the training pair may be
 *       absent: then there is only a test set);</li>
 *   <li>a single IDX image file: its labels are the file named with {@code images-idx3} replaced by
 *       {@code labels-idx1}, if that file exists;</li>
 *   <li>a {@code .npy} file (recognised by its content): its labels are the sibling
 *       {@code <stem>-labels.npy} (the name without {@code .npy}, plus {@code -labels.npy}), if it exists.</li>
 * </ul>
 * Labels are optional everywhere: without them the dataset is unlabelled.
 *
 * <p>Stateless; all methods are static.
 */
public final class DataSource {

    /**
     * The bundled digits (8,000 training and 2,000 test images of MNIST). A relative path, resolved against
     * the working directory: it finds the data when the tool runs from the repository root.
     */
    public static final Path DEFAULT_DATA = Path.of("data/mnist");

    /** Standard MNIST name of the test images, without {@code .gz}. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Standard MNIST name of the test labels, without {@code .gz}. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** Standard MNIST name of the training images, without {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Standard MNIST name of the training labels, without {@code .gz}. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

    private static final String GZ = ".gz";
    private static final String NPY = ".npy";
    private static final String NPY_LABELS_SUFFIX = "-labels.npy";
    private static final String IMAGES_TAG = "images-idx3";
    private static final String LABELS_TAG = "labels-idx1";
    /** The mask selecting the two leading bytes of an IDX magic number, which are always zero. */
    private static final int IDX_MAGIC_HIGH_BYTES = 0xffff0000;

    private DataSource() {
    }

    /**
     * Reads and preprocesses the data at {@code path}.
     *
     * @param path a folder of MNIST files, an IDX image file or a {@code .npy} file (not modified)
     * @param preprocessing applied to every set (not modified)
     * @return the test set (or only set) and the training set if there is one
     * @throws InputException if the path does not exist, a folder lacks the standard names, a file is not a
     *     valid IDX image or {@code .npy} file, labels do not match their samples, or the preprocessing does
     *     not fit the data
     */
    public static DataSplits load(Path path, Preprocessing preprocessing) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(preprocessing, "preprocessing");
        String expected = "a data folder, an IDX image file or a .npy file";
        if (path.toString().isEmpty()) {
            throw new InputException("'': expected " + expected + ", found an empty path");
        }
        if (Files.isDirectory(path)) {
            return loadFolder(path, preprocessing);
        }
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            String found = InputFiles.describeFailure(path, e);
            throw new InputException(path + ": expected " + expected + ", found "
                    + (found.equals("no such file") ? "no such file or folder" : found), e);
        }
        return new DataSplits(Optional.empty(), loadFile(path, preprocessing));
    }

    private static DataSplits loadFolder(Path dir, Preprocessing preprocessing) {
        Optional<Path> testImages = find(dir, TEST_IMAGES);
        Optional<Path> testLabels = find(dir, TEST_LABELS);
        Optional<Path> trainImages = find(dir, TRAIN_IMAGES);
        Optional<Path> trainLabels = find(dir, TRAIN_LABELS);
        String expected = TEST_IMAGES + "[.gz] and " + TEST_LABELS + "[.gz], optionally " + TRAIN_IMAGES + "[.gz] and "
                + TRAIN_LABELS + "[.gz]";
        if (testImages.isEmpty()) {
            List<String> found = new ArrayList<>();
            for (Optional<Path> p : List.of(testLabels, trainImages, trainLabels)) {
                p.ifPresent(f -> found.add(f.getFileName().toString()));
            }
            throw new InputException(dir + ": expected a folder with the MNIST files " + expected + ", found "
                    + (found.isEmpty() ? "none of them" : "only " + String.join(", ", found)));
        }
        if (trainImages.isEmpty() && trainLabels.isPresent()) {
            throw new InputException(dir + ": expected " + TRAIN_IMAGES + "[.gz] beside "
                    + trainLabels.get().getFileName() + ", found no training images");
        }
        Dataset test = preprocessing.apply(IdxReader.readImages(testImages.get()),
                testLabels.map(IdxReader::readLabels).orElse(null));
        Optional<Dataset> train = trainImages.map(images -> preprocessing.apply(IdxReader.readImages(images),
                trainLabels.map(IdxReader::readLabels).orElse(null)));
        return new DataSplits(train, test);
    }

    /** Finds {@code dir/name} or {@code dir/name.gz}; both at once is ambiguous. */
    private static Optional<Path> find(Path dir, String name) {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + GZ);
        boolean hasPlain = Files.exists(plain);
        boolean hasGz = Files.exists(gz);
        if (hasPlain && hasGz) {
            throw new InputException(dir + ": expected either " + name + " or " + name + GZ
                    + ", found both; remove one");
        }
        return hasPlain ? Optional.of(plain) : hasGz ? Optional.of(gz) : Optional.empty();
    }

    private static Dataset loadFile(Path file, Preprocessing preprocessing) {
        if (NpyReader.looksLikeNpy(file)) {
            Path labels = npyLabelsPath(file);
            return preprocessing.apply(NpyReader.readSamples(file),
                    Files.exists(labels) ? NpyReader.readLabels(labels) : null);
        }
        int magic = IdxReader.peekMagic(file);
        if (magic == IdxReader.LABELS_MAGIC) {
            throw new InputException(file + ": expected an IDX image file (magic number " + IdxReader.IMAGES_MAGIC
                    + "), found an IDX label file (" + IdxReader.LABELS_MAGIC + "); pass the images, their labels are"
                    + " found by name");
        }
        if (magic == -1 || (magic & IDX_MAGIC_HIGH_BYTES) != 0) {
            throw new InputException(file + ": expected an IDX image file or a .npy file, found neither (first bytes "
                    + (magic == -1 ? "fewer than 4" : Messages.hex(ByteBuffer.allocate(4).putInt(magic).array(), 4))
                    + ")");
        }
        Optional<Path> labels = idxLabelsPath(file);
        return preprocessing.apply(IdxReader.readImages(file), labels.map(IdxReader::readLabels).orElse(null));
    }

    /**
     * @param images an IDX image file (not modified)
     * @return the file named with {@code images-idx3} replaced by {@code labels-idx1}, if the name has that
     *     tag and such a file exists
     */
    static Optional<Path> idxLabelsPath(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains(IMAGES_TAG)) {
            return Optional.empty();
        }
        Path labels = images.resolveSibling(name.replace(IMAGES_TAG, LABELS_TAG));
        return Files.exists(labels) ? Optional.of(labels) : Optional.empty();
    }

    /**
     * @param samples a {@code .npy} file (not modified)
     * @return the sibling {@code <stem>-labels.npy}, where the stem is the name without {@code .npy} or
     *     {@code .npy.gz} (whether or not that file exists)
     */
    static Path npyLabelsPath(Path samples) {
        String name = samples.getFileName().toString();
        String stem = name;
        if (name.endsWith(NPY)) {
            stem = name.substring(0, name.length() - NPY.length());
        } else if (name.endsWith(NPY + GZ)) {
            stem = name.substring(0, name.length() - NPY.length() - GZ.length());
        }
        return samples.resolveSibling(stem + NPY_LABELS_SUFFIX);
    }

    /**
     * Checks that the data's samples can be fed to a model whose input sample (without the batch dimension)
     * has the given shape. They can when the shapes are equal, when they are equal once extents of 1 are
     * dropped (e.g. data {@code 28x28}, model {@code 1x28x28}), or when the model takes a flat vector of
     * {@code sampleSize()} values (e.g. data {@code 1x9x9}, model {@code 81}): in every case the row-major
     * layout of a sample is the same.
     *
     * @param data the data (not modified)
     * @param modelSampleShape the model's input shape without the batch dimension (not modified)
     * @throws InputException naming both shapes if they do not match
     */
    public static void requireShape(Dataset data, int[] modelSampleShape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(modelSampleShape, "modelSampleShape");
        if (!fitsShape(data.sampleShape(), modelSampleShape)) {
            throw new InputException(data.description() + ": data sample shape " + data.shapeText()
                    + " does not match the model input " + Dataset.shapeText(modelSampleShape)
                    + "; expected the same shape (extents of 1 aside) or a flat model input of " + data.sampleSize()
                    + " values");
        }
    }

    /**
     * @param dataShape the shape of one data sample (not modified)
     * @param modelShape the model's input shape without the batch dimension (not modified)
     * @return whether a data sample can be fed to the model as is; see {@link #requireShape}
     */
    public static boolean fitsShape(int[] dataShape, int[] modelShape) {
        if (Arrays.equals(dataShape, modelShape)) {
            return true;
        }
        long dataSize = 1;
        for (int d : dataShape) {
            dataSize *= d;
        }
        if (modelShape.length == 1 && modelShape[0] == dataSize) {
            return true;
        }
        return Arrays.equals(withoutOnes(dataShape), withoutOnes(modelShape));
    }

    private static int[] withoutOnes(int[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }
}
