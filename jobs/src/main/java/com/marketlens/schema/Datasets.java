package com.marketlens.schema;

import java.util.List;

/** The nine scraped datasets of the input contract, in the order they are refined. */
public final class Datasets {

  public static final String FX_RATES = "fx_rates";
  public static final String SNS_USERS = "sns_users";
  public static final String SNS_ACTIVITY = "sns_activity";
  public static final String SNS_RELATIONS = "sns_relations";
  public static final String SITE_TRAFFIC = "site_traffic";
  public static final String MARKET_EVENTS = "market_events";
  public static final String CLOUD_PRICES = "cloud_prices";
  public static final String CLOUD_UNIT_COSTS = "cloud_unit_costs";
  public static final String CLOUD_FINANCIALS = "cloud_financials";

  /**
   * fx_rates comes before the cloud datasets that convert with it; sns_users before sns_activity.
   */
  public static final List<String> ALL =
      List.of(
          FX_RATES,
          SNS_USERS,
          SNS_ACTIVITY,
          SNS_RELATIONS,
          SITE_TRAFFIC,
          MARKET_EVENTS,
          CLOUD_PRICES,
          CLOUD_UNIT_COSTS,
          CLOUD_FINANCIALS);

  private Datasets() {}
}
