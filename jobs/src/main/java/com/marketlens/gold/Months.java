package com.marketlens.gold;

import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.year;

import org.apache.spark.sql.Column;

/** Month arithmetic the gold tables share. */
public final class Months {

  private Months() {}

  /**
   * Months since 1970-01 of a timestamp or date, in the session time zone (Asia/Shanghai):
   * consecutive months have consecutive indexes.
   */
  public static Column index(Column time) {
    return year(time).minus(1970).multiply(12).plus(month(time)).minus(1);
  }
}
