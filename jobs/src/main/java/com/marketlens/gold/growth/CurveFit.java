package com.marketlens.gold.growth;

import java.io.Serializable;

/**
 * One least-squares fit of a {@link SaturationModel} to a series, in the series' own units: time in
 * days since the first observation, values as observed. {@code converged} is false when the
 * optimizer failed; the other fields are then meaningless.
 *
 * @param standardErrors asymptotic standard errors: sqrt(diag(s² (JᵀJ)⁻¹)), s² = RSS / (n - 3); NaN
 *     when the Jacobian is singular
 * @param aic Akaike's criterion for Gaussian errors: n ln(RSS / n) + 2 × 3
 */
public record CurveFit(
    SaturationModel model,
    boolean converged,
    double[] parameters,
    double[] standardErrors,
    double rss,
    double rmse,
    double aic,
    int points)
    implements Serializable {

  public double ceiling() {
    return parameters[0];
  }

  public double value(double t) {
    return model.value(parameters, t);
  }

  public double inflection() {
    return model.inflection(parameters);
  }

  static CurveFit failed(SaturationModel model, int points) {
    return new CurveFit(
        model,
        false,
        new double[3],
        new double[] {Double.NaN, Double.NaN, Double.NaN},
        Double.NaN,
        Double.NaN,
        Double.NaN,
        points);
  }
}
