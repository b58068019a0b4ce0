package io.koopcredit.data;

import io.koopcredit.InputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Set<String> KEYS = Set.of(DESCR, FORTRAN, SHAPE);

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
            Map<String, Object> entries = new HashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                Object value = value(key);
                if (!KEYS.contains(key)) {
                    throw error("expected only the keys 'descr', 'fortran_order' and 'shape', found '"
                            + Messages.printable(key) + "'");
                }
                if (entries.put(key, value) != null) {
                    throw error("expected each key once, found '" + Messages.printable(key) + "' twice");
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
            for (String k : List.of(DESCR, FORTRAN, SHAPE)) {
                if (!entries.containsKey(k)) {
                    throw error("expected the key '" + k + "', found none");
                }
            }
            if (!(entries.get(DESCR) instanceof String descr)) {
                throw error("expected 'descr' to be a dtype string such as '<f4', found "
                        + describe(entries.get(DESCR)));
            }
            if (!(entries.get(FORTRAN) instanceof Boolean fortran)) {
                throw error("expected 'fortran_order' to be True or False, found "
                        + describe(entries.get(FORTRAN)));
            }
            if (!(entries.get(SHAPE) instanceof long[] shape)) {
                throw error("expected 'shape' to be a tuple of integers, found " + describe(entries.get(SHAPE)));
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private Object value(String key) {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tupleOfInts();
            }
            if (c == '[') {
                throw error("expected '" + Messages.printable(key) + "' to be a simple value, found a list"
                        + (key.equals(DESCR) ? " (a structured dtype, which is not supported)" : ""));
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c)) {
                return integer();
            }
            throw error("expected a value for '" + Messages.printable(key) + "' at character " + pos + ", found "
                    + found());
        }

        private static String describe(Object value) {
            if (value instanceof long[] t) {
                return "the tuple " + tuple(t);
            }
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (value instanceof String s) {
                return "the string '" + Messages.printable(s) + "'";
            }
            return "the integer " + value;
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
