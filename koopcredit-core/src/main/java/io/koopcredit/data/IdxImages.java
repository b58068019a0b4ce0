package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Grey-scale images read from an IDX file (magic number 2051): {@code count} images of
 * {@code rows x cols} unsigned bytes.
 *
 * @param source the file they were read from
 * @param count the number of images, at least 1
 * @param rows the height of each image, at least 1
 * @param cols the width of each image, at least 1
 * @param pixels {@code count * rows * cols} unsigned bytes (read them with {@code b & 0xff}), image-major
 *     and row-major within an image (copied; never modified)
 */
public record IdxImages(Path source, int count, int rows, int cols, byte[] pixels) {

    /**
     * Validates the extents and copies the pixels.
     *
     * @param source the file the images were read from
     * @param count the number of images, at least 1
     * @param rows the height of each image, at least 1
     * @param cols the width of each image, at least 1
     * @param pixels {@code count * rows * cols} unsigned bytes (copied; not modified)
     * @throws InputException if an extent is below 1 or the number of pixels does not match them
     */
    public IdxImages {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pixels, "pixels");
        if (count < 1 || rows < 1 || cols < 1) {
            throw new InputException(source + ": expected at least 1 image of at least 1x1 pixels, found "
                    + count + " images of " + rows + "x" + cols);
        }
        long expected = (long) count * rows * cols;
        if (pixels.length != expected) {
            throw new InputException(source + ": expected " + expected + " pixels (" + count + " images of "
                    + rows + "x" + cols + "), found " + pixels.length);
        }
        pixels = pixels.clone();
    }

    /** @return a copy of the pixels, image-major and row-major within an image */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /** @return the number of pixels in one image, {@code rows * cols} */
    public int imageSize() {
        return rows * cols;
    }

    /**
     * @param image the image index, 0-based
     * @param row the row, 0-based
     * @param col the column, 0-based
     * @return the pixel's value, 0..255
     */
    public int pixel(int image, int row, int col) {
        Objects.checkIndex(image, count);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[(image * rows + row) * cols + col] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxImages other && source.equals(other.source) && count == other.count
                && rows == other.rows && cols == other.cols && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, count, rows, cols, Arrays.hashCode(pixels));
    }

    /** @return a short description, without the pixels */
    @Override
    public String toString() {
        return "IdxImages[" + source + ": " + count + " images of " + rows + "x" + cols + "]";
    }
}
