package io.koopcredit.report.chart;

import io.koopcredit.base.InvalidOptionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes get a feature-weight heat map in a report (the PNG chart and the page): by default the
 * first {@link #DEFAULT_COUNT}, or a list the user picks ({@code --classes 3,17,500-504}; library:
 * {@link #parse} or {@link #of}), at most {@link #MAX} of them, so that a page for a 1000-class model stays
 * small. Every class's weights are in {@code feature-weights.npy} whatever is drawn.
 *
 * @param chosen the classes in the order given, or null for the default (copied)
 */
public record ClassMaps(List<Integer> chosen) {
    /** Classes drawn by default: the first ten (every class of MNIST or CIFAR-10). */
    public static final int DEFAULT_COUNT = 10;
    /** Classes drawn at most: beyond twenty maps a chart stops being readable. */
    public static final int MAX = 20;
    /** The option's library name ({@code --classes} on the command line). */
    static final String OPTION = "classes";

    /**
     * Validates the list: not empty, at most {@link #MAX}, no class twice, none negative.
     *
     * @param chosen the classes, or null for the default
     */
    public ClassMaps {
        if (chosen != null) {
            chosen = List.copyOf(chosen);
            String spec = spec(chosen);
            if (chosen.isEmpty() || chosen.size() > MAX) {
                throw new InvalidOptionException(OPTION, spec, "expected 1 to " + MAX + " classes, found "
                        + chosen.size(), null);
            }
            Set<Integer> seen = new LinkedHashSet<>();
            for (int c : chosen) {
                if (c < 0) {
                    throw new InvalidOptionException(OPTION, spec, "expected class numbers from 0, found " + c, null);
                }
                if (!seen.add(c)) {
                    throw new InvalidOptionException(OPTION, spec, "expected each class once, found " + c + " twice",
                            null);
                }
            }
        }
    }

    /** @return the first {@link #DEFAULT_COUNT} classes */
    public static ClassMaps firstClasses() {
        return new ClassMaps(null);
    }

    /**
     * @param classes the classes to draw, in order; not modified
     * @return the selection
     * @throws InvalidOptionException if the list is empty, too long, repeats a class or has a negative one
     */
    public static ClassMaps of(int... classes) {
        List<Integer> l = new ArrayList<>();
        for (int c : classes) {
            l.add(c);
        }
        return new ClassMaps(l);
    }

    /**
     * @param list e.g. {@code 3,17,500-504} (numbers and inclusive ranges, comma-separated)
     * @return the selection
     * @throws InvalidOptionException naming the value, what was expected and what was found
     */
    public static ClassMaps parse(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String t = part.trim();
            int dash = t.indexOf('-', 1);
            try {
                if (dash < 0) {
                    out.add(Integer.parseInt(t));
                } else {
                    int from = Integer.parseInt(t.substring(0, dash).trim());
                    int to = Integer.parseInt(t.substring(dash + 1).trim());
                    if (to < from || (long) to - from >= MAX) {
                        throw new InvalidOptionException(OPTION, list, "expected a range FROM-TO with FROM <= TO and"
                                + " at most " + MAX + " classes, found " + t, null);
                    }
                    for (int c = from; c <= to; c++) {
                        out.add(c);
                    }
                }
            } catch (NumberFormatException e) {
                throw new InvalidOptionException(OPTION, list, "expected class numbers or ranges separated by"
                        + " commas (e.g. 3,17,500-504), found '" + t + "'", null);
            }
            if (out.size() > MAX) {
                throw new InvalidOptionException(OPTION, list, "expected 1 to " + MAX + " classes, found more", null);
            }
        }
        return new ClassMaps(out);
    }

    /**
     * @param classes the model's number of classes (outputs)
     * @return the classes to draw for it
     * @throws InvalidOptionException if a chosen class is not one of the model's
     */
    public int[] resolve(int classes) {
        if (chosen == null) {
            int n = Math.min(classes, DEFAULT_COUNT);
            int[] out = new int[n];
            for (int c = 0; c < n; c++) {
                out[c] = c;
            }
            return out;
        }
        int[] out = new int[chosen.size()];
        for (int i = 0; i < out.length; i++) {
            int c = chosen.get(i);
            if (c >= classes) {
                throw new InvalidOptionException(OPTION, spec(chosen), "expected classes from 0 to " + (classes - 1)
                        + " (the model has " + classes + " output" + (classes == 1 ? "" : "s") + "), found " + c, null);
            }
            out[i] = c;
        }
        return out;
    }

    /** @return whether this is the default selection */
    public boolean isDefault() {
        return chosen == null;
    }

    private static String spec(List<Integer> chosen) {
        StringBuilder sb = new StringBuilder();
        for (int c : chosen) {
            sb.append(sb.length() == 0 ? "" : ",").append(c);
        }
        return sb.toString();
    }
}
