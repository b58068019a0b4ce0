package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The dictionary in a {@code .npy} header, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 28, 28), }}, parsed without interpreting the values beyond their Python literal syntax.
 *
 * @param descr the dtype descriptor string
 * @param fortranOrder whether the data is stored in column-major order
 * @param shape the extents as written (not yet checked to be positive; the array is owned by this record)
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    private static final String DESCR = "descr";
    private static final String FORTRAN = "fortran_order";
    private static final String SHAPE = "shape";

    /** @return the shape formatted as Python writes a tuple, e.g. {@code (3, 28, 28)} or {@code (5,)} */
    String shapeText() {
        return tuple(shape);
    }

    /** @return the values formatted as a Python tuple, e.g. {@code (3, 28, 28)} or {@code (5,)} */
    static String tuple(long[] values) {
        StringJoiner j = new StringJoiner(", ", "(", values.length == 1 ? ",)" : ")");
        for (long v : values) {
            j.add(Long.toString(v));
        }
        return j.toString();
    }

    /**
     * Parses the header dictionary.
     *
     * @param source the file, for messages (not modified)
     * @param text the header text after the length field (not modified)
     * @return the parsed header
     * @throws InputException if the text is not a dictionary with exactly the keys descr, fortran_order and
     *     shape, holding a string, a boolean and a tuple of integers
     */
    static NpyHeader parse(Path source, String text) {
        return new Parser(source, text).header();
    }

    /** A recursive-descent parser for the small subset of Python literals NumPy writes. */
    private static final class Parser {
        private final Path source;
        private final String text;
        private int pos;

        Parser(Path source, String text) {
            this.source = source;
            this.text = text;
        }

        NpyHeader header() {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                switch (key) {
                    case DESCR -> {
                        once(descr, key);
                        descr = descrValue();
                    }
                    case FORTRAN -> {
                        once(fortran, key);
                        fortran = booleanValue();
                    }
                    case SHAPE -> {
                        once(shape, key);
                        shape = shapeValue();
                    }
                    default -> throw error("expected only the keys 'descr', 'fortran_order' and 'shape', found '"
                            + Messages.printable(key) + "'");
                }
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' at character " + pos + ", found " + found());
                }
            }
            pos++;
            if (peek() != 0) {
                throw error("expected the end of the header after '}', found " + found());
            }
            if (descr == null) {
                throw error("expected the key '" + DESCR + "', found none");
            }
            if (fortran == null) {
                throw error("expected the key '" + FORTRAN + "', found none");
            }
            if (shape == null) {
                throw error("expected the key '" + SHAPE + "', found none");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private void once(Object previous, String key) {
            if (previous != null) {
                throw error("expected each key once, found '" + key + "' twice");
            }
        }

        private String descrValue() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '[') {
                throw error("expected 'descr' to be a dtype string such as '<f4', found a list"
                        + " (a structured dtype, which is not supported)");
            }
            throw error("expected 'descr' to be a dtype string such as '<f4', found " + nextToken());
        }

        private boolean booleanValue() {
            peek();
            if (text.startsWith("True", pos)) {
                pos += "True".length();
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += "False".length();
                return false;
            }
            throw error("expected 'fortran_order' to be True or False, found " + nextToken());
        }

        private long[] shapeValue() {
            if (peek() != '(') {
                throw error("expected 'shape' to be a tuple of integers, found " + nextToken());
            }
            return tupleOfInts();
        }

        /** Describes the next value for a message, without consuming it. */
        private String nextToken() {
            int start = pos;
            String fallback = found();
            try {
                char c = peek();
                if (c == '\'' || c == '"') {
                    return "the string '" + Messages.printable(string()) + "'";
                }
                if (Character.isDigit(c)) {
                    return "the integer " + integer();
                }
                if (c == '(') {
                    return "the tuple " + tuple(tupleOfInts());
                }
                return fallback;
            } catch (InputException e) {
                return fallback;
            } finally {
                pos = start;
            }
        }

        private long[] tupleOfInts() {
            expect('(');
            List<Long> items = new ArrayList<>();
            while (peek() != ')') {
                if (!Character.isDigit(peek())) {
                    throw error("expected a non-negative integer in the shape at character " + pos + ", found "
                            + found());
                }
                items.add(integer());
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape at character " + pos + ", found " + found());
                }
            }
            pos++;
            long[] out = new long[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = items.get(i);
            }
            return out;
        }

        private long integer() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // Python 2 long suffix, written by old NumPy versions
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("expected an integer at character " + start + ", found '" + digits + "'");
            }
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string at character " + pos + ", found " + found());
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("expected a closing " + quote + " for the string at character " + pos + ", found none");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "' at character " + pos + ", found " + found());
            }
            pos++;
        }

        /** Skips white space and returns the next character, or 0 at the end. */
        private char peek() {
            skipSpace();
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String found() {
            return pos < text.length() ? "'" + Messages.printable(String.valueOf(text.charAt(pos))) + "'"
                    : "the end of the header";
        }

        private InputException error(String what) {
            return new InputException(source + ": malformed NPY header: " + what);
        }
    }
}
