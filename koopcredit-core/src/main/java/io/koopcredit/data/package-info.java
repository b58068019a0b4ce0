/**
 * Input data: reading digit images and labels from files, preprocessing them the way a model expects and
 * splitting them into the samples used to fit the Koopman operators and the samples held out to measure
 * them.
 *
 * <p>Two file formats are read: MNIST's IDX format ({@link io.koopcredit.data.IdxReader}) and NumPy's
 * {@code .npy} format ({@link io.koopcredit.data.NpyReader}), each plain or gzip-compressed (detected from
 * the content, not the file name). One is written: {@link io.koopcredit.data.NpyWriter} writes float64
 * arrays row by row (the feature weights of a report), which {@link io.koopcredit.data.NpyReader#readDoubles}
 * reads back exactly. {@link io.koopcredit.data.Preprocessing} turns what was read into a
 * {@link io.koopcredit.data.Dataset} of float samples; {@link io.koopcredit.data.DataSource} resolves the
 * user's {@code --data PATH} into train and test {@link io.koopcredit.data.DataSplits} and
 * {@link io.koopcredit.data.DataSplits#split(int, int)} chooses the fitting and holdout samples.
 *
 * <p>Every problem with the user's files or values is reported as an {@link io.koopcredit.base.InputException}
 * whose one-line message names the file or value, what was expected and what was found. This package
 * depends on no other koopcredit package except for that exception.
 */
package io.koopcredit.data;
