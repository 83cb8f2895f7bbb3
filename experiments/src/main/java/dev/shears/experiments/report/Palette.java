package dev.shears.experiments.report;

/** Colour-blind-safe series colours (Okabe &amp; Ito 2008). */
final class Palette {

    private static final String[] COLORS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"};

    private Palette() {}

    static String color(int i) { return COLORS[Math.floorMod(i, COLORS.length)]; }
}
