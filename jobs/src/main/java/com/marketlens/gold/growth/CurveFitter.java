package com.marketlens.gold.growth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Non-linear least squares (Levenberg-Marquardt, Apache Commons Math) of the saturation models. The
 * problem is solved in scaled units, time / span and value / max, so that one set of starting
 * points suits a series of days or of months and of hundreds or of millions; parameters and
 * standard errors are scaled back. Several starting points are tried and the smallest residual sum
 * of squares wins: a single start often ends in a flat local minimum for these curves.
 */
public final class CurveFitter {

  private static final int MAX_ITERATIONS = 2_000;

  private CurveFitter() {}

  /** Fits {@code model} to (t, y): t in days since the first observation, y as observed. */
  public static CurveFit fit(SaturationModel model, double[] t, double[] y) {
    Scale s = Scale.of(t, y);
    double[] ts = s.time(t);
    double[] ys = s.value(y);
    Attempt best = null;
    for (double[] start : starts(model, ts, ys)) {
      Attempt a = solve(model, ts, ys, start, true);
      if (a != null && (best == null || a.rss < best.rss)) {
        best = a;
      }
    }
    return best == null ? CurveFit.failed(model, t.length) : s.unscale(model, best, t.length);
  }

  /**
   * Refits from a known solution (the bootstrap: same model, resampled values). Only the parameters
   * are used, so the standard errors are left out (NaN).
   */
  static CurveFit refit(CurveFit from, double[] t, double[] y) {
    Scale s = Scale.of(t, y);
    Attempt a =
        solve(
            from.model(), s.time(t), s.value(y), s.scaled(from.model(), from.parameters()), false);
    return a == null
        ? CurveFit.failed(from.model(), t.length)
        : s.unscale(from.model(), a, t.length);
  }

  private record Attempt(double[] point, double[] covariance, double rss) {}

  private static Attempt solve(
      SaturationModel model, double[] t, double[] y, double[] start, boolean withErrors) {
    LeastSquaresProblem problem =
        new LeastSquaresBuilder()
            .start(start)
            .model(p -> valueAndJacobian(model, p, t))
            .target(y)
            .parameterValidator(p -> new ArrayRealVector(model.valid(p.toArray()), false))
            .maxEvaluations(MAX_ITERATIONS * 4)
            .maxIterations(MAX_ITERATIONS)
            .build();
    try {
      LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().optimize(problem);
      double[] point = o.getPoint().toArray();
      double rss = o.getResiduals().dotProduct(o.getResiduals());
      if (!Double.isFinite(rss) || !allFinite(point)) {
        return null;
      }
      double[] covariance = new double[3];
      Arrays.fill(covariance, Double.NaN);
      if (!withErrors) {
        return new Attempt(point, covariance, rss);
      }
      try {
        RealMatrix c = o.getCovariances(1e-12);
        for (int i = 0; i < 3; i++) {
          covariance[i] = c.getEntry(i, i);
        }
      } catch (RuntimeException singular) {
        Arrays.fill(covariance, Double.NaN);
      }
      return new Attempt(point, covariance, rss);
    } catch (RuntimeException notConverged) {
      return null;
    }
  }

  /** Values and the Jacobian of the model at p. */
  private static Pair<RealVector, RealMatrix> valueAndJacobian(
      SaturationModel model, RealVector p, double[] t) {
    double[] params = p.toArray();
    double[] values = new double[t.length];
    double[][] jacobian = new double[t.length][];
    for (int i = 0; i < t.length; i++) {
      jacobian[i] = new double[3];
      values[i] = model.valueAndGradient(params, t[i], jacobian[i]);
    }
    return new Pair<>(
        new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
  }

  /** Starting points in scaled units (time 0..1, values up to 1). */
  private static double[][] starts(SaturationModel model, double[] t, double[] y) {
    double half = t[t.length - 1];
    for (int i = 0; i < t.length; i++) {
      if (y[i] >= 0.5) {
        half = t[i];
        break;
      }
    }
    List<double[]> out = new ArrayList<>();
    switch (model) {
      case LOGISTIC, GOMPERTZ -> {
        for (double k : new double[] {1.05, 1.5, 3}) {
          for (double r : new double[] {4, 12, 40}) {
            out.add(new double[] {k, r, model == SaturationModel.GOMPERTZ ? half - 0.1 : half});
          }
        }
        out.add(new double[] {2, 8, 1});
      }
      case BASS -> {
        for (double m : new double[] {1.05, 1.5, 3}) {
          for (double p : new double[] {0.01, 0.1, 1}) {
            for (double q : new double[] {2, 8, 20}) {
              out.add(new double[] {m, p, q});
            }
          }
        }
      }
    }
    return out.toArray(double[][]::new);
  }

  private static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  /** Time / span and value / max, and back. */
  private record Scale(double span, double top) {

    static Scale of(double[] t, double[] y) {
      double top = 0;
      for (double v : y) {
        top = Math.max(top, v);
      }
      return new Scale(Math.max(t[t.length - 1] - t[0], 1), top > 0 ? top : 1);
    }

    double[] time(double[] t) {
      double[] out = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        out[i] = t[i] / span;
      }
      return out;
    }

    double[] value(double[] y) {
      double[] out = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        out[i] = y[i] / top;
      }
      return out;
    }

    /** Multipliers from scaled to real units, per parameter. */
    private double[] factors(SaturationModel model) {
      return model == SaturationModel.BASS
          ? new double[] {top, 1 / span, 1 / span}
          : new double[] {top, 1 / span, span};
    }

    double[] scaled(SaturationModel model, double[] real) {
      double[] f = factors(model);
      return new double[] {real[0] / f[0], real[1] / f[1], real[2] / f[2]};
    }

    CurveFit unscale(SaturationModel model, Attempt a, int n) {
      double[] f = factors(model);
      double[] p = new double[3];
      double[] se = new double[3];
      double rss = a.rss * top * top;
      double s2 = n > 3 ? a.rss / (n - 3) : Double.NaN;
      for (int i = 0; i < 3; i++) {
        p[i] = a.point[i] * f[i];
        se[i] = Math.sqrt(a.covariance[i] * s2) * Math.abs(f[i]);
      }
      double aic = n * Math.log(Math.max(rss / n, Double.MIN_NORMAL)) + 2 * 3;
      return new CurveFit(model, true, p, se, rss, Math.sqrt(rss / n), aic, n);
    }
  }
}
