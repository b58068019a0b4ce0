package io.koopcredit.data;

/** Helpers that keep values quoted in one-line error messages on one line and readable. */
final class Messages {

    /** Longest text quoted from a user's file before it is cut short. */
    private static final int MAX_QUOTED_CHARS = 60;

    private Messages() {
    }

    /**
     * @param s text from a user's file (not modified)
     * @return the text with control and non-ASCII characters written as {@code \\uXXXX} escapes, cut to
     *     {@value #MAX_QUOTED_CHARS} characters
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= MAX_QUOTED_CHARS) {
                b.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * @param bytes bytes read from a user's file (not modified)
     * @param n how many leading bytes to show, at most
     * @return the bytes in hex separated by spaces, e.g. {@code 50 4b 03 04}
     */
    static String hex(byte[] bytes, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(n, bytes.length); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        return b.toString();
    }
}
