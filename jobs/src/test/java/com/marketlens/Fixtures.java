package com.marketlens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Writes small scraped input files for tests, in the input contract's layout. */
public final class Fixtures {

  private Fixtures() {}

  /** Writes {@code <input>/<dataset>/<name>} as UTF-8; lines are joined with LF. */
  public static Path write(Path input, String dataset, String name, String... lines) {
    return write(input, dataset, name, StandardCharsets.UTF_8, "", "\n", lines);
  }

  public static Path write(
      Path input,
      String dataset,
      String name,
      Charset charset,
      String prefix,
      String lineEnd,
      String... lines) {
    try {
      Path dir = Files.createDirectories(input.resolve(dataset));
      Path file = dir.resolve(name);
      Files.write(file, (prefix + String.join(lineEnd, lines) + lineEnd).getBytes(charset));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies the repository's schemas folder to {@code target}, for tests that break a contract file.
   */
  public static Path copySchemas(Path home, Path target) {
    Path source = home.resolve("schemas");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path t = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** A small input folder covering every dataset, with the messiness the tests count on. */
  public static void writeMessyInput(Path input) {
    // sns_users: BOM, CRLF, free column order, alias names, several timestamp forms, an exact
    // duplicate,
    // a blank line, a wrong column count, a bad timestamp and an unknown segment.
    write(
        input,
        "sns_users",
        "2012-01-05_part1.csv",
        StandardCharsets.UTF_8,
        "\uFEFF",
        "\r\n",
        "user_id,site,segment,registered_at,channel,org,city",
        "alice01,Kaixin001,White Collar,2008-06-01 10:00:00,msn_invite,联想,北京",
        "bob02,kaixin001.com,campus,2008/7/1 8:05,organic,\"北京大学, 计算机系\",北京",
        "carol03,开心网,white_collar,2008年7月1日 08:05,qq,,上海",
        "dave04,Kaixin001,white_collar,not a date,qq,,上海",
        "",
        "erin05,kaixin001,alien,2008-07-01,qq,,上海",
        "frank06,kaixin001,campus",
        "alice01,Kaixin001,White Collar,2008-06-01 10:00:00,msn_invite,联想,北京");
    // JSON lines: numbers as ids and epoch times, nulls, a re-scrape of bob02 (later scrape wins),
    // a
    // malformed line.
    write(
        input,
        "sns_users",
        "2012-02-01_part2.jsonl",
        "{\"site\":\"renren\",\"user_id\":2001,\"registered_at\":1215000000,\"segment\":\"campus\","
            + "\"org\":\"清华大学\",\"channel\":\"campus_ambassador\",\"city\":null}",
        "{\"site\":\"xiaonei\",\"user_id\":\"2002\",\"registered_at\":1215000000000,\"segment\":\"CAMPUS\","
            + "\"org\":\"清华大学\",\"channel\":\"qq\"}",
        "",
        "{\"site\":\"Kaixin001\",\"user_id\":\"bob02\",\"registered_at\":\"2008-07-01T00:05:00Z\","
            + "\"segment\":\"campus\",\"org\":\"北京大学\",\"channel\":\"organic\",\"city\":\"天津\"}",
        "{\"site\":\"renren\",\"user_id\":2004,\"registered_at\":");
    write(
        input,
        "sns_users",
        "2012-03-01_part3.gbk.csv",
        Charset.forName("GBK"),
        "",
        "\n",
        "site,user_id,registered_at,segment,org,channel,city",
        "人人网,2003,2008-09-01T12:00:00+08:00,campus,复旦大学,qq,上海");

    write(
        input,
        "sns_activity",
        "2012-01-05_part1.csv",
        "site,user_id,event_time,event_type,ip",
        "kaixin001,alice01,2008-06-02 09:00,login,58.30.1.20",
        "kaixin001,alice01,2008-05-01 09:00,login,58.30.1.21",
        "kaixin001,bob02,2008-07-03 09:00,post,",
        "kaixin001,bob02,2008-07-03 10:00,login,999.1.1.1",
        "renren,2001,2008-07-05T10:00:00+08:00,feed_view,2001:db8:abcd:12::1",
        "kaixin001,zed99,2008-07-05 11:00,game,10.0.0.1");

    write(
        input,
        "sns_relations",
        "2012-01-05_part1.csv",
        "site,src_user_id,dst_user_id,relation,created_at",
        "kaixin001,alice01,bob02,colleague,2008-07-02 10:00",
        "kaixin001,bob02,alice01,colleague,2008-07-02 10:00",
        "kaixin001,carol03,carol03,friend,2008-07-02 10:00",
        "renren,2001,2002,classmate,2008-07-03");

    write(
        input,
        "site_traffic",
        "2012-01-05_part1.csv",
        "date,site,daily_ip",
        "2009-06-01,开心网,\"1,020万\"",
        "2009/6/2,Kaixin001,10250000",
        "2009年6月3日,kaixin001.com,0.103亿",
        "2009-06-04,kaixin001,-5");

    write(
        input,
        "market_events",
        "2012-01-05_part1.csv",
        "date,actor,site,event,description",
        "2009-05-15,腾讯,开心网,QQ Farm launch,QQ农场 in Qzone",
        "2009/6/20,Tencent,,Qzone feed revamp,");

    write(
        input,
        "fx_rates",
        "2023-01-15_part1.csv",
        "date,currency,cny_per_unit",
        "2020-01-01,USD,7.0",
        "2020/6/1,usd,6.5",
        "2020-07-01,USD,0");

    write(
        input,
        "cloud_prices",
        "2023-01-15_part1.csv",
        "observed_on,vendor,product,region,unit,list_price,currency,discount",
        "2020-03-15,阿里云,bandwidth,CN-East,元/Mbps/月,8,CNY,5折",
        "2020-03-15,Tencent Cloud,cdn,cn-east,USD/GB,0.1,USD,30%",
        "2020-06-15,tencentcloud.com,cdn,cn-east,USD/GB,0.1,,0.3",
        "2020-03-15,ksyun,cdn,cn-east,元/vCPU/月,1,CNY,",
        "2020-03-15,ucloud,cdn,cn-east,元/GB,-1,CNY,",
        "2019-03-15,wangsu,cdn,cn-east,USD/GB,0.1,USD,",
        "2020-03-16,ucloud,cdn,cn-east,元/GB,0.2,USD,",
        "2020-03-17,UCloud,cdn,cn-east,元/GB,0.2,CNY,七折",
        "2020-03-18,ucloud,cdn,cn-east,元/GB,0.2,CNY,110%");

    write(
        input,
        "cloud_unit_costs",
        "2023-01-15_part1.csv",
        "month,vendor,product,region,unit,unit_cost,currency",
        "2020-03,market,bandwidth,cn-east,元/Mbps/月,6,CNY",
        "2020年3月,Kingsoft Cloud,cdn,cn-east,USD/GB,0.03,USD");

    write(
        input,
        "cloud_financials",
        "2023-01-15_part1.csv",
        "period,vendor,segment,revenue,cost_of_revenue,currency",
        "2020,金山云,CDN,36亿,50.4亿,CNY",
        "2020Q4,ksyun,CDN,10亿,14亿,CNY",
        "2020Q5,ksyun,CDN,1,1,CNY");
  }
}
