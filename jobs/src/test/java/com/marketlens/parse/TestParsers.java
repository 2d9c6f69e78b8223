package com.marketlens.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.quality.QuarantineReason;
import com.marketlens.schema.NameAliases;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every messy format of the input contract, with the expected value worked out by hand. */
class TestParsers {

  // 2009-07-01 08:05 in Shanghai (UTC+8, no DST) is 00:05 UTC.
  private static final Instant JULY_FIRST_0805 = Instant.parse("2009-07-01T00:05:00Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2009-07-01T08:05:00+08:00",
        "2009-07-01T00:05:00Z",
        "2009-07-01T02:05:00+0200",
        "2009-07-01 08:05:00",
        "2009-07-01T08:05",
        "2009-07-01 08:05",
        "2009/7/1 8:05",
        "2009/07/01 08:05:00",
        "2009年7月1日 08:05",
        "2009年7月1日08:05",
        "２００９年７月１日 ０８：０５",
        "1246406700",
        "1246406700000",
        " 1246406700 "
      })
  void readsEveryTimestampForm(String raw) throws Reject {
    assertThat(TimeParsers.timestamp(raw)).isEqualTo(JULY_FIRST_0805);
  }

  @Test
  void readsFractionsAndBareDates() throws Reject {
    assertThat(TimeParsers.timestamp("2009-07-01T08:05:00.250+08:00"))
        .isEqualTo(Instant.parse("2009-07-01T00:05:00.250Z"));
    assertThat(TimeParsers.timestamp("2009-07-01"))
        .isEqualTo(Instant.parse("2009-06-30T16:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource({
    "yesterday, bad_timestamp",
    "2009-02-30 10:00, bad_timestamp",
    "2009/13/1 8:05, bad_timestamp",
    "2009-07-01 25:00, bad_timestamp",
    "12345, bad_timestamp",
    "99999999999, impossible_value",
    "1899-01-01 00:00, impossible_value"
  })
  void rejectsBadTimestamps(String raw, String reason) {
    assertThatThrownBy(() -> TimeParsers.timestamp(raw))
        .isInstanceOfSatisfying(Reject.class, r -> assertThat(r.reason().code()).isEqualTo(reason));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2015-03-01", "2015/3/1", "2015年3月1日", "2015-3-1", "２０１５年３月１日"})
  void readsDates(String raw) throws Reject {
    assertThat(TimeParsers.date(raw)).isEqualTo(LocalDate.of(2015, 3, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2015-03", "2015年3月", "2015/3", "2015-03-01"})
  void readsMonths(String raw) throws Reject {
    assertThat(TimeParsers.month(raw)).isEqualTo(LocalDate.of(2015, 3, 1));
  }

  @Test
  void rejectsBadDatesAndMonths() {
    assertThatThrownBy(() -> TimeParsers.date("2015-02-29")).isInstanceOf(Reject.class);
    assertThatThrownBy(() -> TimeParsers.month("2015-03-15")).isInstanceOf(Reject.class);
    assertThatThrownBy(() -> TimeParsers.month("2015-13")).isInstanceOf(Reject.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1,234万|12340000",
        "1.2亿|120000000",
        "1,234,567|1234567",
        "１２３４|1234",
        "12.50|12.5",
        "0.35|0.35",
        "3千|3000",
        "1.5E3|1500",
        "-4|-4"
      })
  void readsNumbersWithMagnitudes(String raw, String expected) throws Reject {
    assertThat(NumberParsers.decimal(raw)).isEqualByComparingTo(new BigDecimal(expected));
  }

  @Test
  void countsAreWholeAndNonNegative() throws Reject {
    assertThat(NumberParsers.count("1,234万")).isEqualTo(12_340_000L);
    assertThat(NumberParsers.count("1.2亿")).isEqualTo(120_000_000L);
    assertThatThrownBy(() -> NumberParsers.count("1.5"))
        .isInstanceOfSatisfying(
            Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_NUMBER));
    assertThatThrownBy(() -> NumberParsers.count("-3"))
        .isInstanceOfSatisfying(
            Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.IMPOSSIBLE_VALUE));
    for (String bad : List.of("12,34", "n/a", "1..2", "万", "1,2345")) {
      assertThatThrownBy(() -> NumberParsers.decimal(bad)).as(bad).isInstanceOf(Reject.class);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "30%|0.3",
        "0.3|0.3",
        "7折|0.3",
        "七折|0.3",
        "7.5折|0.25",
        "75折|0.25",
        "85折|0.15",
        "5折|0.5",
        "0|0",
        "0%|0",
        "10折|0",
        "３０％|0.3"
      })
  void readsDiscountsAsShareOffList(String raw, String expected) throws Reject {
    assertThat(NumberParsers.discount(raw)).isEqualByComparingTo(new BigDecimal(expected));
  }

  @Test
  void emptyDiscountIsNoneAndImpossibleOnesAreRejected() throws Reject {
    assertThat(NumberParsers.discount(null)).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(NumberParsers.discount("  ")).isEqualByComparingTo(BigDecimal.ZERO);
    for (String bad : List.of("110%", "30", "1", "-5%", "折", "abc", "0折")) {
      assertThatThrownBy(() -> NumberParsers.discount(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_DISCOUNT));
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "元/Mbps/月|bandwidth|CNY|Mbps/month",
        "CNY/Mbps/month|bandwidth|CNY|Mbps/month",
        "USD/GB|cdn|USD|GB",
        "元 / GB|cdn|CNY|GB",
        "元/vCPU/月|compute|CNY|vCPU/month",
        "RMB/GB/月|storage|CNY|GB/month"
      })
  void readsUnits(String raw, String product, String currency, String quantity) throws Reject {
    assertThat(UnitParsers.priceUnit(raw, product))
        .isEqualTo(new UnitParsers.PriceUnit(currency, quantity));
  }

  @Test
  void rejectsUnitsThatDoNotFitTheProduct() {
    assertThatThrownBy(() -> UnitParsers.priceUnit("元/vCPU/月", "cdn"))
        .isInstanceOfSatisfying(
            Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_UNIT));
    assertThatThrownBy(() -> UnitParsers.priceUnit("per GB", "cdn")).isInstanceOf(Reject.class);
    assertThatThrownBy(
            () -> UnitParsers.priceCurrency("USD", new UnitParsers.PriceUnit("CNY", "GB")))
        .isInstanceOfSatisfying(
            Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_CURRENCY));
  }

  @Test
  void readsFinancialPeriods() throws Reject {
    assertThat(Period.parse("2020"))
        .isEqualTo(
            new Period("2020", "year", 2020, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31)));
    assertThat(Period.parse("2020q4"))
        .isEqualTo(
            new Period(
                "2020Q4", "quarter", 2020, LocalDate.of(2020, 10, 1), LocalDate.of(2020, 12, 31)));
    assertThat(Period.parse("2020 H1"))
        .isEqualTo(
            new Period(
                "2020H1", "half", 2020, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 6, 30)));
    assertThatThrownBy(() -> Period.parse("2020Q5")).isInstanceOf(Reject.class);
    assertThatThrownBy(() -> Period.parse("2020H3")).isInstanceOf(Reject.class);
  }

  @Test
  void mapsNameVariantsThroughTheAliasTable() {
    NameAliases aliases =
        new NameAliases(
            List.of(
                new String[] {"site", "开心网", "kaixin001"},
                new String[] {"site", "kaixin001", "kaixin001"},
                new String[] {"site", "xiaonei", "renren"},
                new String[] {"vendor", "金山云", "ksyun"}));
    for (String v : List.of("Kaixin001", "kaixin001.com", "开心网", " KAIXIN001 ", "ｋａｉｘｉｎ００１")) {
      assertThat(aliases.canonical("site", v)).as(v).isEqualTo("kaixin001");
    }
    assertThat(aliases.canonical("site", "Xiaonei.com")).isEqualTo("renren");
    assertThat(aliases.canonical("vendor", "金山云")).isEqualTo("ksyun");
    // unknown names are kept in normalized form, never dropped
    assertThat(aliases.canonical("site", "Douban.com")).isEqualTo("douban");
    assertThat(aliases.canonical("vendor", "开心网")).isEqualTo("开心网");
  }

  @Test
  void parsesIpAddressesIntoHashInputAndPrefix() throws Reject {
    assertThat(IpAddresses.parse("58.30.1.20"))
        .isEqualTo(new IpAddresses.Ip("58.30.1.20", "58.30.1.0/24"));
    assertThat(IpAddresses.parse("2001:DB8:abcd:12::1"))
        .isEqualTo(new IpAddresses.Ip("2001:db8:abcd:12:0:0:0:1", "2001:db8:abcd::/48"));
    assertThat(IpAddresses.parse("::1").prefix()).isEqualTo("0:0:0::/48");
    for (String bad :
        List.of("999.1.1.1", "1.2.3", "a.b.c.d", "1:2:3", "1::2::3", "12345::1", "localhost")) {
      assertThatThrownBy(() -> IpAddresses.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              Reject.class, r -> assertThat(r.reason()).isEqualTo(QuarantineReason.BAD_IP));
    }
  }
}
