package com.marketlens.refine;

import static com.marketlens.quality.QuarantineReason.IMPOSSIBLE_VALUE;
import static com.marketlens.quality.QuarantineReason.SELF_LOOP;

import com.marketlens.io.Iterators;
import com.marketlens.parse.IpAddresses.Ip;
import com.marketlens.parse.Period;
import com.marketlens.parse.Reject;
import com.marketlens.parse.TimeParsers;
import com.marketlens.parse.UnitParsers;
import com.marketlens.parse.UnitParsers.PriceUnit;
import com.marketlens.schema.ColumnSpec;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.NameAliases;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns bronze rows (text as read) into silver rows of one dataset, or marks them: exact
 * duplicates, or quarantined with a reason. Row-local rules only; rules across rows (latest scrape
 * wins, events before registration) are applied by {@link RefineJob} on the result. Runs on
 * executors.
 */
final class SilverRowMapper implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  static final String STATUS = "_status";
  static final String REASON = "_reason";
  static final String DETAIL = "_detail";
  static final String CHECKSUM = "_checksum";
  static final String RAW = "_raw";
  static final String EXACT_RANK = "_exact_rank";

  /** The record's identity for exact duplicates (a hash of its values as read). */
  static final String RECORD = "_record";

  /** The marking and lineage columns after the silver columns, in this order. */
  private static final List<String> MARKING =
      List.of(STATUS, REASON, DETAIL, CHECKSUM, RAW, RECORD);

  static final String LOADED = "loaded";
  static final String QUARANTINED = "quarantined";
  static final String DUPLICATE_EXACT = "duplicate_exact";
  static final String DUPLICATE_SUPERSEDED = "duplicate_superseded";

  /** A quarantined record that an earlier increment quarantined already (from another copy). */
  static final String DUPLICATE_QUARANTINED = "duplicate_quarantined";

  private final String dataset;
  private final List<ColumnSpec> inputColumns;
  private final StructType silverSchema;
  private final NameAliases aliases;
  private final Pseudonymizer pseudonymizer;
  private final FxTable fx;

  SilverRowMapper(
      Contract input,
      Contract silver,
      NameAliases aliases,
      Pseudonymizer pseudonymizer,
      FxTable fx) {
    this.dataset = input.name();
    this.inputColumns = input.columns();
    this.silverSchema = silver.sparkSchema();
    this.aliases = aliases;
    this.pseudonymizer = pseudonymizer;
    this.fx = fx;
  }

  /**
   * Silver columns, all nullable (marked rows carry nulls), then the marking and lineage columns.
   */
  static StructType outputSchema(Contract silver) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : silver.sparkSchema().fields()) {
      fields.add(new StructField(f.name(), f.dataType(), true, Metadata.empty()));
    }
    for (String extra : MARKING) {
      fields.add(new StructField(extra, DataTypes.StringType, true, Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** Sets one of the marking columns of an output row. */
  private void mark(Object[] out, String column, Object value) {
    out[silverSchema.size() + MARKING.indexOf(column)] = value;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> bronze) {
    return Iterators.map(bronze, this::map);
  }

  Row map(Row in) {
    Object[] out = new Object[silverSchema.size() + MARKING.size()];
    int base = silverSchema.size();
    out[silverSchema.fieldIndex("scrape_date")] = in.getAs("_scrape_date");
    out[silverSchema.fieldIndex("source_file")] = in.getAs("_source_file");
    out[silverSchema.fieldIndex("source_line")] = in.getAs("_line");
    mark(out, CHECKSUM, in.getAs("_checksum"));
    mark(out, RAW, in.getAs("_raw"));
    mark(out, RECORD, in.getAs(RECORD));
    if (((Number) in.getAs(EXACT_RANK)).intValue() > 1) {
      mark(out, STATUS, DUPLICATE_EXACT);
      return RowFactory.create(out);
    }
    String parseError = in.getAs("_parse_error");
    if (parseError != null) {
      mark(out, STATUS, QUARANTINED);
      mark(out, REASON, parseError);
      mark(out, DETAIL, "record could not be read as a " + dataset + " row");
      return RowFactory.create(out);
    }
    try {
      Map<String, Object> v = new HashMap<>();
      for (ColumnSpec c : inputColumns) {
        v.put(c.name(), FieldReader.read(c, in.getAs(c.name()), aliases));
      }
      Map<String, Object> silver = build(v);
      for (StructField f : silverSchema.fields()) {
        if (silver.containsKey(f.name())) {
          out[silverSchema.fieldIndex(f.name())] = fit(f, silver.get(f.name()));
        }
      }
    } catch (Reject r) {
      Arrays.fill(out, 0, base, null);
      out[silverSchema.fieldIndex("scrape_date")] = in.getAs("_scrape_date");
      out[silverSchema.fieldIndex("source_file")] = in.getAs("_source_file");
      out[silverSchema.fieldIndex("source_line")] = in.getAs("_line");
      mark(out, STATUS, QUARANTINED);
      mark(out, REASON, r.reason().code());
      mark(out, DETAIL, r.detail());
    }
    return RowFactory.create(out);
  }

  /** Rounds decimals to the column's scale and refuses values that do not fit its precision. */
  private static Object fit(StructField field, Object value) throws Reject {
    if (value instanceof BigDecimal d && field.dataType() instanceof DecimalType t) {
      BigDecimal scaled = d.setScale(t.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() > t.precision()) {
        throw new Reject(IMPOSSIBLE_VALUE, field.name() + " too large: " + d.toPlainString());
      }
      return scaled;
    }
    return value;
  }

  private Map<String, Object> build(Map<String, Object> v) throws Reject {
    Map<String, Object> s = new HashMap<>(v);
    switch (dataset) {
      case Datasets.SNS_USERS -> {
        s.put("user_key", pseudonymizer.userKey((String) v.get("site"), (String) v.get("user_id")));
        s.put("registered_month", monthOf((Instant) v.get("registered_at")));
      }
      case Datasets.SNS_ACTIVITY -> {
        s.put("user_key", pseudonymizer.userKey((String) v.get("site"), (String) v.get("user_id")));
        s.put("event_month", monthOf((Instant) v.get("event_time")));
        Ip ip = (Ip) v.get("ip");
        s.put("ip_hash", ip == null ? null : pseudonymizer.ipHash(ip.canonical()));
        s.put("ip_prefix", ip == null ? null : ip.prefix());
      }
      case Datasets.SNS_RELATIONS -> {
        String site = (String) v.get("site");
        if (v.get("src_user_id").equals(v.get("dst_user_id"))) {
          throw new Reject(SELF_LOOP, "relation from a user to the same user");
        }
        s.put("src_user_key", pseudonymizer.userKey(site, (String) v.get("src_user_id")));
        s.put("dst_user_key", pseudonymizer.userKey(site, (String) v.get("dst_user_id")));
      }
      case Datasets.CLOUD_PRICES -> {
        LocalDate day = (LocalDate) v.get("observed_on");
        BigDecimal price = (BigDecimal) v.get("list_price");
        if (price.signum() == 0) {
          throw new Reject(IMPOSSIBLE_VALUE, "list_price must be positive");
        }
        convert(s, v, price, day, "list_price");
        s.put("observed_month", day.withDayOfMonth(1));
        s.put("discount", v.get("discount") == null ? BigDecimal.ZERO : v.get("discount"));
      }
      case Datasets.CLOUD_UNIT_COSTS -> {
        LocalDate month = (LocalDate) v.get("month");
        convert(
            s, v, (BigDecimal) v.get("unit_cost"), month.plusMonths(1).minusDays(1), "unit_cost");
      }
      case Datasets.CLOUD_FINANCIALS -> {
        Period p = (Period) v.get("period");
        String currency = (String) v.get("currency");
        BigDecimal rate = fx.rate(currency, p.end());
        s.put("period", p.label());
        s.put("period_type", p.type());
        s.put("year", p.year());
        s.put("period_start", p.start());
        s.put("period_end", p.end());
        s.put("fx_rate", rate);
        s.put("revenue_cny", ((BigDecimal) v.get("revenue")).multiply(rate));
        s.put("cost_of_revenue_cny", ((BigDecimal) v.get("cost_of_revenue")).multiply(rate));
      }
      case Datasets.FX_RATES -> {
        if (((BigDecimal) v.get("cny_per_unit")).signum() == 0) {
          throw new Reject(IMPOSSIBLE_VALUE, "cny_per_unit must be positive");
        }
      }
      default -> {
        // site_traffic and market_events: the typed input values are the silver row.
      }
    }
    return s;
  }

  /** Canonical unit, currency check and conversion to CNY at the rate in force on {@code day}. */
  private void convert(
      Map<String, Object> s, Map<String, Object> v, BigDecimal amount, LocalDate day, String name)
      throws Reject {
    PriceUnit unit = UnitParsers.priceUnit((String) v.get("unit"), (String) v.get("product"));
    String currency = UnitParsers.priceCurrency((String) v.get("currency"), unit);
    BigDecimal rate = fx.rate(currency, day);
    s.put("unit", "CNY/" + unit.quantity());
    s.put("currency", currency);
    s.put("fx_rate", rate);
    s.put(name + "_original", amount);
    s.put(name + "_cny", amount.multiply(rate));
  }

  private static LocalDate monthOf(Instant t) {
    return t.atZone(TimeParsers.SHANGHAI).toLocalDate().withDayOfMonth(1);
  }
}
