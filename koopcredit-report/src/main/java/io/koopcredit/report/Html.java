package io.koopcredit.report;

/**
 * A small HTML builder that escapes every piece of text and every attribute value, so that user data
 * (model paths, layer names, notes) can never become markup. Only {@link #raw(String)} takes markup, and
 * only constants of this package pass through it.
 */
final class Html {
    private final StringBuilder sb = new StringBuilder();

    /**
     * @param s any text
     * @return it with {@code & < > " '} replaced by character references (safe in text and in quoted
     *     attribute values)
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * @param tag the element name (a constant)
     * @param attributes name/value pairs; a null value drops its attribute; values are escaped
     * @return this
     */
    Html open(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        sb.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                sb.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        sb.append('>');
        return this;
    }

    /**
     * @param tag the element name
     * @return this
     */
    Html close(String tag) {
        sb.append("</").append(tag).append('>');
        return this;
    }

    /**
     * @param tag the element name
     * @param text its text content, escaped
     * @param attributes name/value pairs as for {@link #open}
     * @return this
     */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /**
     * @param text text content, escaped
     * @return this
     */
    Html text(String text) {
        sb.append(escape(text));
        return this;
    }

    /**
     * @param markup trusted markup (constants only)
     * @return this
     */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** @return this, after a line break (keeps the source readable) */
    Html nl() {
        sb.append('\n');
        return this;
    }

    /**
     * @param other markup built separately; appended as is
     * @return this
     */
    Html append(Html other) {
        sb.append(other.sb);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
