package com.marketlens.gold.growth;

import java.util.Map;

/**
 * The S-curves fitted to a growth series, in time units chosen by the caller. Each has three
 * parameters, the first being the ceiling (the level the curve saturates at).
 *
 * <ul>
 *   <li>logistic: y = K / (1 + exp(-r (t - t0))); inflection at t0 (y = K/2), symmetric around it.
 *   <li>gompertz: y = K exp(-exp(-r (t - t0))); inflection at t0 (y = K/e), slower approach to K.
 *   <li>bass: cumulative adoption y = m (1 - e) / (1 + (q/p) e), e = exp(-(p + q) t), t from the
 *       first observation; p innovation, q imitation; inflection at ln(q/p) / (p + q) when q > p,
 *       else at the start.
 * </ul>
 */
public enum SaturationModel {
  LOGISTIC("logistic", new String[] {"K", "r", "t0"}),
  GOMPERTZ("gompertz", new String[] {"K", "r", "t0"}),
  BASS("bass", new String[] {"m", "p", "q"});

  private final String code;
  private final String[] parameters;

  SaturationModel(String code, String[] parameters) {
    this.code = code;
    this.parameters = parameters;
  }

  public String code() {
    return code;
  }

  public String[] parameters() {
    return parameters.clone();
  }

  public double value(double[] p, double t) {
    return switch (this) {
      case LOGISTIC -> p[0] / (1 + Math.exp(-p[1] * (t - p[2])));
      case GOMPERTZ -> p[0] * Math.exp(-Math.exp(-p[1] * (t - p[2])));
      case BASS -> {
        double e = Math.exp(-(p[1] + p[2]) * t);
        yield p[0] * (1 - e) / (1 + (p[2] / p[1]) * e);
      }
    };
  }

  /**
   * The partial derivatives of the curve at {@code t} with respect to the three parameters, written
   * out (the fits' Jacobian: three times cheaper than finite differences, and exact). Terms whose
   * exponential underflows are 0, not 0 x infinity.
   */
  public double[] gradient(double[] p, double t) {
    double[] out = new double[3];
    valueAndGradient(p, t, out);
    return out;
  }

  /**
   * The curve at {@code t}, equal to {@link #value(double[], double)} bit for bit, with its
   * gradient written to {@code gradient}: the fits evaluate both at every point and iteration, and
   * the exponential they share is computed once.
   */
  double valueAndGradient(double[] p, double t, double[] gradient) {
    switch (this) {
      case LOGISTIC -> {
        double denominator = 1 + Math.exp(-p[1] * (t - p[2]));
        double sigma = 1 / denominator;
        double slope = p[0] * sigma * (1 - sigma);
        gradient[0] = sigma;
        gradient[1] = slope * (t - p[2]);
        gradient[2] = -slope * p[1];
        return p[0] / denominator;
      }
      case GOMPERTZ -> {
        double g = Math.exp(-p[1] * (t - p[2]));
        double level = Math.exp(-g);
        double slope = level == 0 || !Double.isFinite(g) ? 0 : p[0] * level * g;
        gradient[0] = level;
        gradient[1] = slope * (t - p[2]);
        gradient[2] = -slope * p[1];
        return p[0] * level;
      }
      case BASS -> {
        double e = Math.exp(-(p[1] + p[2]) * t);
        double c = p[2] / p[1];
        double d = 1 + c * e;
        double dfde = -(1 + c) / (d * d);
        double dfdc = -(1 - e) * e / (d * d);
        double common = dfde * (-t * e);
        gradient[0] = (1 - e) / d;
        gradient[1] = p[0] * (common + dfdc * (-p[2] / (p[1] * p[1])));
        gradient[2] = p[0] * (common + dfdc / p[1]);
        return p[0] * (1 - e) / d;
      }
      default -> throw new IllegalStateException("no model " + this);
    }
  }

  /** The model a fit names ({@code logistic}, {@code gompertz}, {@code bass}). */
  public static SaturationModel of(String code) {
    for (SaturationModel m : values()) {
      if (m.code.equals(code)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no saturation model " + code);
  }

  /** The curve at {@code t} with its parameters by name, as growth_model_fits stores them. */
  public double value(Map<String, Double> named, double t) {
    double[] p = new double[parameters.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = named.get(parameters[i]);
    }
    return value(p, t);
  }

  /** Time of the steepest growth. */
  public double inflection(double[] p) {
    return switch (this) {
      case LOGISTIC, GOMPERTZ -> p[2];
      case BASS -> p[2] > p[1] ? Math.log(p[2] / p[1]) / (p[1] + p[2]) : 0;
    };
  }

  /**
   * Keeps the parameters in their meaningful range while the optimizer searches (positive rates,
   * ceiling).
   */
  double[] valid(double[] p) {
    double[] v = p.clone();
    v[0] = Math.max(v[0], 1e-9);
    switch (this) {
      case LOGISTIC, GOMPERTZ -> v[1] = Math.min(Math.max(v[1], 1e-6), 1e4);
      case BASS -> {
        v[1] = Math.min(Math.max(v[1], 1e-9), 1e3);
        v[2] = Math.min(Math.max(v[2], 0), 1e4);
      }
    }
    return v;
  }
}
