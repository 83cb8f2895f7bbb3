package dev.shears.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear axis: data range → pixel range, with "nice" tick values (1, 2, 5 × 10ᵏ steps, Heckbert 1990,
 * "Nice numbers for graph labels").
 */
final class Axis {

    final double lo, hi;
    final double pixLo, pixHi;
    final double step;

    Axis(double dataLo, double dataHi, double pixLo, double pixHi, int targetTicks) {
        if (!(dataHi > dataLo)) {
            double pad = dataLo == 0 ? 1 : Math.abs(dataLo) * 0.1;
            dataLo -= pad;
            dataHi += pad;
        }
        double raw = (dataHi - dataLo) / Math.max(1, targetTicks);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        lo = Math.floor(dataLo / step) * step;
        hi = Math.ceil(dataHi / step) * step;
        this.pixLo = pixLo;
        this.pixHi = pixHi;
    }

    double map(double v) { return pixLo + (v - lo) / (hi - lo) * (pixHi - pixLo); }

    List<Double> ticks() {
        List<Double> t = new ArrayList<>();
        for (double v = lo; v <= hi + step * 1e-9; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return t;
    }

    String label(double v) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
