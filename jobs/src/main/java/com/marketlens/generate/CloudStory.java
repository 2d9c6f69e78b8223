package com.marketlens.generate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cloud price war, 2014-2022: prices fall for years; from 2019 bandwidth sells at 4 yuan per
 * Mbps-month (list 8, 5折) against a market cost of 6; CDN goes below cost too; aliyun gives game
 * studios 30-40% off compute in 2015-2016; UCloud prices CDN and bandwidth at break-even in 2019H1
 * and then leaves; Kingsoft Cloud's CDN revenue peaks in 2020 with a 40% loss ratio.
 */
final class CloudStory {

  /** The scrapes of the cloud story when it is not part of a daily schedule. */
  static final ScrapeSchedule SCRAPES = ScrapeSchedule.single("2023-01-15", "2023-02-20");

  private static final LocalDate FIRST = LocalDate.of(2014, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2022, 12, 1);
  private static final List<String> REGIONS = List.of("cn-north", "cn-east", "cn-south");
  private static final Map<String, List<String>> VENDOR_ALIASES =
      Map.of(
          "aliyun", List.of("aliyun", "阿里云", "Aliyun.com", "Alibaba Cloud"),
          "tencentcloud", List.of("tencentcloud", "腾讯云", "Tencent Cloud", "cloud.tencent.com"),
          "huaweicloud", List.of("huaweicloud", "华为云", "Huawei Cloud"),
          "ksyun", List.of("ksyun", "金山云", "Kingsoft Cloud", "ksyun.com"),
          "ucloud", List.of("ucloud", "UCloud", "优刻得"),
          "wangsu", List.of("wangsu", "网宿科技", "ChinaNetCenter"));
  private static final List<String> VENDORS =
      List.of("aliyun", "tencentcloud", "huaweicloud", "ksyun", "ucloud", "wangsu");
  private static final LocalDate UCLOUD_EXIT = LocalDate.of(2019, 6, 1);

  private final Random rnd;
  private final Messy messy;
  private final ScrapeSchedule scrapes;

  CloudStory(Random rnd, ScrapeSchedule scrapes) {
    this.rnd = rnd;
    this.scrapes = scrapes;
    this.messy = new Messy(rnd);
  }

  /** Market effective price per canonical unit: straight lines between yearly anchor points. */
  static double marketPrice(String product, LocalDate month) {
    return switch (product) {
      case "bandwidth" -> path(month, 30, 24, 19, 15, 11, 8, 4, 4, 4.5);
      case "cdn" -> path(month, 0.60, 0.48, 0.38, 0.30, 0.24, 0.19, 0.14, 0.13, 0.12);
      case "compute" -> path(month, 150, 140, 128, 115, 104, 95, 86, 78, 70);
      default -> path(month, 0.20, 0.18, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10);
    };
  }

  /** Market unit cost estimate per canonical unit. */
  static double marketCost(String product, LocalDate month) {
    return switch (product) {
      case "bandwidth" -> path(month, 18, 15, 12, 10, 8, 6.5, 6, 6, 6);
      case "cdn" -> path(month, 0.35, 0.31, 0.27, 0.24, 0.21, 0.19, 0.16, 0.15, 0.14);
      case "compute" -> path(month, 80, 75, 70, 65, 60, 56, 52, 48, 45);
      default -> path(month, 0.08, 0.075, 0.07, 0.065, 0.06, 0.058, 0.055, 0.052, 0.05);
    };
  }

  /** Interpolates yearly values given for 2014..2022 (each value holds at the year's start). */
  private static double path(LocalDate month, double... yearly) {
    double t = (month.getYear() - 2014) + (month.getMonthValue() - 1) / 12.0;
    int i = Math.min((int) t, yearly.length - 2);
    double f = Math.min(t - i, 1);
    return yearly[i] + (yearly[i + 1] - yearly[i]) * f;
  }

  private static boolean offers(String vendor, String product, LocalDate month) {
    return switch (vendor) {
      case "huaweicloud" -> !month.isBefore(LocalDate.of(2017, 1, 1));
      case "wangsu" -> product.equals("cdn");
      case "ucloud" ->
          !product.equals("storage")
              && (product.equals("compute") || month.isBefore(UCLOUD_EXIT.plusMonths(1)));
      default -> true;
    };
  }

  void writePrices(Path root) throws IOException {
    String[] columns = {
      "observed_on", "vendor", "product", "region", "unit", "list_price", "currency", "discount"
    };
    try (ScrapeWriter main =
            new ScrapeWriter(
                root,
                "cloud_prices",
                scrapes.history(),
                columns,
                List.of("csv", "jsonl", "csv-crlf"),
                6000,
                rnd);
        ScrapeWriter again =
            new ScrapeWriter(
                root,
                "cloud_prices",
                scrapes.rescrape(),
                columns,
                List.of("csv"),
                Long.MAX_VALUE,
                rnd)) {
      int forced = 0;
      for (LocalDate m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
        for (String vendor : VENDORS) {
          for (String product : List.of("cdn", "bandwidth", "compute", "storage")) {
            if (!offers(vendor, product, m)) {
              continue;
            }
            for (int r = 0; r < REGIONS.size(); r++) {
              for (int day : new int[] {5, 20}) {
                Object[] row = priceRow(vendor, product, REGIONS.get(r), r, m.withDayOfMonth(day));
                main.write(badPrice(row, forced < 6 ? forced++ : -1));
                if (rnd.nextDouble() < 0.02) {
                  again.write(priceRow(vendor, product, REGIONS.get(r), r, m.withDayOfMonth(day)));
                }
              }
            }
          }
        }
      }
      // International region priced in US dollars.
      for (LocalDate m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
        double usd = marketPrice("cdn", m) / 6.6;
        main.write(
            messy.date(m.withDayOfMonth(10)),
            "Alibaba Cloud",
            "cdn",
            "ap-southeast",
            "USD/GB",
            BigDecimal.valueOf(usd).setScale(4, RoundingMode.HALF_UP),
            "USD",
            "");
      }
    }
  }

  private Object[] priceRow(String vendor, String product, String region, int r, LocalDate day) {
    LocalDate month = day.withDayOfMonth(1);
    double effective =
        marketPrice(product, month)
            * (1 + 0.01 * (VENDORS.indexOf(vendor) - 2))
            * (1 + 0.02 * (r - 1));
    double off = rnd.nextInt(3) == 0 ? 0 : 0.05 * (1 + rnd.nextInt(3));
    boolean priceWar2020 =
        product.equals("bandwidth")
            && month.getYear() == 2020
            && (vendor.equals("aliyun") || vendor.equals("tencentcloud"));
    if (priceWar2020) {
      // The story's numbers: list 8 yuan, 5折, so 4 yuan per Mbps-month.
      effective = 4;
      off = 0.5;
    } else if (vendor.equals("aliyun")
        && product.equals("compute")
        && month.isAfter(LocalDate.of(2015, 6, 1))
        && month.isBefore(LocalDate.of(2017, 1, 1))) {
      off = rnd.nextBoolean() ? 0.3 : 0.4;
    } else if (vendor.equals("ucloud") && !product.equals("compute") && month.getYear() == 2019) {
      effective = ucloudCost(product, month);
    }
    int scale = product.equals("cdn") || product.equals("storage") ? 4 : 2;
    BigDecimal list =
        BigDecimal.valueOf(effective / (1 - off)).setScale(scale, RoundingMode.HALF_UP);
    boolean chinese = rnd.nextBoolean();
    String unit =
        switch (product) {
          case "cdn" -> chinese ? "元/GB" : "CNY/GB";
          case "bandwidth" -> chinese ? "元/Mbps/月" : "CNY/Mbps/month";
          case "compute" -> chinese ? "元/vCPU/月" : "CNY/vCPU/month";
          default -> chinese ? "元/GB/月" : "CNY/GB/month";
        };
    Object price =
        rnd.nextInt(40) == 0
            ? Messy.fullWidth(list.toPlainString())
            : rnd.nextBoolean() ? list : list.toPlainString();
    return new Object[] {
      messy.date(day),
      messy.pick(VENDOR_ALIASES.get(vendor)),
      product,
      region,
      unit,
      price,
      rnd.nextInt(5) == 0 ? null : "CNY",
      messy.discount(BigDecimal.valueOf(off).setScale(2, RoundingMode.HALF_UP))
    };
  }

  /** UCloud's own cost estimate: at break-even it prices exactly at it. */
  private static double ucloudCost(String product, LocalDate month) {
    return marketCost(product, month) * 1.05;
  }

  /**
   * Value-level mess: negative price, unit not fitting the product, currency disagreement, EUR, bad
   * discount.
   */
  private Object[] badPrice(Object[] row, int forced) {
    int kind = forced >= 0 ? forced : rnd.nextDouble() < 0.003 ? rnd.nextInt(6) : -1;
    switch (kind) {
      case 0 -> row[5] = "-" + row[5];
      case 1 -> row[4] = "元/vCPU/月".equals(row[4]) ? "元/GB" : "元/vCPU/月";
      case 2 -> row[6] = "USD";
      case 3 -> {
        row[4] = ((String) row[4]).replace("元", "EUR").replace("CNY", "EUR");
        row[6] = "EUR";
      }
      case 4 -> row[7] = "110%";
      case 5 -> row[0] = "2019-02-30";
      default -> {}
    }
    return row;
  }

  void writeUnitCosts(Path root) throws IOException {
    String[] columns = {"month", "vendor", "product", "region", "unit", "unit_cost", "currency"};
    try (ScrapeWriter main =
        new ScrapeWriter(
            root,
            "cloud_unit_costs",
            scrapes.history(),
            columns,
            List.of("csv", "jsonl"),
            2000,
            rnd)) {
      for (LocalDate m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
        for (String product : List.of("cdn", "bandwidth", "compute", "storage")) {
          for (int r = 0; r < REGIONS.size(); r++) {
            // The market estimate is published quarterly; analysts carry it forward.
            if (m.getMonthValue() % 3 == 1) {
              double cost = marketCost(product, m) * (1 + 0.02 * (r - 1));
              main.write(
                  messy.month(m),
                  "market",
                  product,
                  REGIONS.get(r),
                  unit(product),
                  cost(product, cost),
                  "CNY");
            }
            if (product.equals("cdn") && m.getYear() >= 2017) {
              main.write(
                  messy.month(m),
                  messy.pick(VENDOR_ALIASES.get("ksyun")),
                  product,
                  REGIONS.get(r),
                  unit(product),
                  cost(product, marketCost(product, m) * 1.06),
                  "CNY");
            }
            if (!product.equals("storage")
                && !product.equals("compute")
                && m.getYear() >= 2017
                && m.isBefore(UCLOUD_EXIT.plusMonths(1))) {
              main.write(
                  messy.month(m),
                  "UCloud",
                  product,
                  REGIONS.get(r),
                  unit(product),
                  cost(product, ucloudCost(product, m)),
                  "CNY");
            }
            if (product.equals("bandwidth") && m.getYear() >= 2018) {
              main.write(
                  messy.month(m),
                  "阿里云",
                  product,
                  REGIONS.get(r),
                  unit(product),
                  cost(product, marketCost(product, m) * 0.85),
                  "CNY");
            }
          }
        }
      }
      main.write("2020-13", "market", "cdn", "cn-east", "元/GB", "0.16", "CNY");
      main.write("2020-05", "market", "cdn", "cn-east", "元/vCPU/月", "0.16", "CNY");
    }
  }

  private static String unit(String product) {
    return switch (product) {
      case "cdn" -> "元/GB";
      case "bandwidth" -> "元/Mbps/月";
      case "compute" -> "元/vCPU/月";
      default -> "元/GB/月";
    };
  }

  private static BigDecimal cost(String product, double value) {
    int scale = product.equals("cdn") || product.equals("storage") ? 4 : 2;
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }

  void writeFinancials(Path root) throws IOException {
    String[] columns = {"period", "vendor", "segment", "revenue", "cost_of_revenue", "currency"};
    try (ScrapeWriter main =
        new ScrapeWriter(
            root, "cloud_financials", scrapes.history(), columns, List.of("csv"), 1000, rnd)) {
      // Kingsoft Cloud, in 亿 yuan: CDN peaks in 2020 in revenue and in share, at a 40% loss ratio.
      double[] cdnRevenue = {12, 20, 28, 36, 30, 22};
      double[] cdnCost = {11.5, 21, 33.6, 50.4, 39, 26.4};
      double[] publicRevenue = {10, 18, 22, 24, 40, 45};
      double[] publicCost = {9, 16, 21, 23, 37, 41};
      double[] enterpriseRevenue = {2, 4, 6, 6, 20, 24};
      double[] enterpriseCost = {1.8, 3.6, 5.4, 5.5, 18, 21};
      for (int i = 0; i < 6; i++) {
        int year = 2017 + i;
        yearRow(main, year, "金山云", "CDN", cdnRevenue[i], cdnCost[i]);
        yearRow(main, year, "ksyun", "public_cloud", publicRevenue[i], publicCost[i]);
        yearRow(
            main,
            year,
            "Kingsoft Cloud",
            "enterprise cloud",
            enterpriseRevenue[i],
            enterpriseCost[i]);
      }
      // 2020 also by quarter (summing to the year) and 2021 by half: gold must not count them
      // twice.
      double[] q = {0.2, 0.24, 0.27, 0.29};
      for (int k = 0; k < 4; k++) {
        main.write("2020Q" + (k + 1), "ksyun", "cdn", yi(36 * q[k]), yi(50.4 * q[k]), "CNY");
      }
      main.write("2021H1", "ksyun", "cdn", yi(16), yi(21), "CNY");
      main.write("2021 H2", "ksyun", "cdn", yi(14), yi(18), "CNY");
      // UCloud's CDN: break-even, then gone after 2019.
      yearRow(main, 2017, "UCloud", "cdn", 5, 4.8);
      yearRow(main, 2018, "ucloud", "cdn", 6, 6.0);
      yearRow(main, 2019, "优刻得", "cdn", 6.2, 6.2);
      for (int year = 2017; year <= 2022; year++) {
        yearRow(main, year, "ucloud", "public_cloud", 8 + year - 2017, 7 + year - 2017);
        yearRow(main, year, "aliyun", "cloud", 100 + 60 * (year - 2017), 95 + 52 * (year - 2017));
      }
      // A US-dollar report, converted at the rate in force on the period's last day.
      main.write("2020", "wangsu", "cdn", "600000000", "560000000", "USD");
      main.write("2020Q5", "ksyun", "cdn", "1", "1", "CNY");
    }
  }

  private void yearRow(
      ScrapeWriter w, int year, String vendor, String segment, double revenueYi, double costYi)
      throws IOException {
    w.write(
        Integer.toString(year),
        vendor,
        segment,
        messy.amountYi(yi(revenueYi)),
        messy.amountYi(yi(costYi)),
        "CNY");
  }

  private static BigDecimal yi(double value) {
    return BigDecimal.valueOf(value).movePointRight(8).setScale(0, RoundingMode.HALF_UP);
  }

  /**
   * The market's own account of UCloud leaving (cloud-era events, scraped with the cloud files).
   */
  void writeMarketEvents(Path root) throws IOException {
    String[] columns = {"date", "actor", "site", "event", "description"};
    try (ScrapeWriter main =
        new ScrapeWriter(
            root, "market_events", scrapes.history(), columns, List.of("csv"), 100, rnd)) {
      main.write(
          "2019-07-15", "UCloud", null, "UCloud exits CDN and bandwidth", "价格战打到盈亏平衡点, 退出 CDN 与带宽");
      main.write("2014-03-26", "阿里云", null, "Aliyun price cut", "首轮大幅降价");
      main.write("2015-07-29", "aliyun", null, "Game studio discounts", "游戏客户 6-7折");
      main.write("2020-05-08", "金山云", null, "Kingsoft Cloud IPO", "Nasdaq listing");
      main.write("2021-03-01", "ksyun", null, "Profit first", "从规模转向利润");
    }
  }

  void writeFxRates(Path root) throws IOException {
    String[] columns = {"date", "currency", "cny_per_unit"};
    try (ScrapeWriter main =
        new ScrapeWriter(root, "fx_rates", scrapes.history(), columns, List.of("csv"), 1000, rnd)) {
      for (LocalDate m = FIRST.minusMonths(1); !m.isAfter(LAST); m = m.plusMonths(1)) {
        double usd =
            path(
                m.isBefore(FIRST) ? FIRST : m,
                6.10,
                6.20,
                6.50,
                6.90,
                6.50,
                6.90,
                7.00,
                6.50,
                6.40);
        main.write(
            messy.date(m),
            m.getMonthValue() == 6 ? "usd" : "USD",
            BigDecimal.valueOf(usd).setScale(4, RoundingMode.HALF_UP));
      }
      main.write("2020-07-01", "USD", "0");
    }
  }
}
