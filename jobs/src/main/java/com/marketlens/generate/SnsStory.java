package com.marketlens.generate;

import com.marketlens.parse.TimeParsers;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The SNS story, 2008-2011: Kaixin001 launches in March 2008, grows through MSN invites among
 * white-collar users, crosses ten million daily login IPs in 2009 and flattens after QQ Farm (May
 * 2009) and the Qzone feed revamp; Renren (Xiaonei) is strong on campus and stays below the line.
 * Users, their monthly activity, friendships (dense inside schools and companies, sparse for
 * imported contacts), the traffic panel and the market events, streamed to disk.
 */
final class SnsStory {

  /** The scrapes of the whole story (without daily drops). */
  static final ScrapeSchedule SCRAPES = ScrapeSchedule.single("2012-01-05", "2012-02-10");

  /** The story's last day. */
  static final LocalDate END = LocalDate.of(2011, 12, 31);

  private static final ZoneId SHANGHAI = TimeParsers.SHANGHAI;
  private static final long END_MINUTE =
      END.plusDays(1).atStartOfDay(SHANGHAI).toEpochSecond() / 60 - 1;
  private static final double BAD_VALUE = 0.003;

  /**
   * One site's growth curve: logistic registrations and traffic with ceiling K, rate r, midpoint
   * t0.
   */
  private record Site(
      String name,
      List<String> aliases,
      LocalDate launch,
      LocalDate midpoint,
      double ratePerDay,
      double trafficCeiling,
      double share) {}

  private static final Site KAIXIN =
      new Site(
          "kaixin001",
          List.of("kaixin001", "Kaixin001", "kaixin001.com", "开心网", "KAIXIN001"),
          LocalDate.of(2008, 3, 1),
          LocalDate.of(2009, 1, 15),
          0.0139,
          11_500_000,
          0.55);
  private static final Site RENREN =
      new Site(
          "renren",
          List.of("renren", "Renren", "xiaonei", "校内网", "人人网", "renren.com"),
          LocalDate.of(2006, 1, 1),
          LocalDate.of(2008, 6, 1),
          0.006,
          9_000_000,
          0.45);
  private static final List<Site> SITES = List.of(KAIXIN, RENREN);

  private static final List<String> SCHOOLS =
      List.of(
          "北京大学", "清华大学", "复旦大学", "浙江大学", "南京大学", "武汉大学", "中山大学", "四川大学", "上海交通大学", "西安交通大学",
          "哈尔滨工业大学", "厦门大学");
  private static final List<String> COMPANIES =
      List.of("联想", "华为", "百度", "阿里巴巴", "新浪", "搜狐", "网易", "IBM中国", "微软中国", "中国移动", "普华永道", "宝洁中国");
  private static final List<String> CITIES =
      List.of("北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安");
  private static final int[] FIRST_OCTETS = {
    58, 59, 60, 61, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,
    180, 183, 202, 211, 218, 219, 220, 221, 222
  };

  /** Users kept in compact arrays: a scale-16 run holds about half a million. */
  private final int[] site;

  private final long[] registeredMinute;
  private final byte[] segment;
  private final byte[] channel;
  private final int[] org;
  private final int[] homeIp;
  private final String[] orgNames;
  private final Map<Integer, int[]> orgMembers = new HashMap<>();
  private final Random rnd;
  private final Messy messy;
  private final ScrapeSchedule scrapes;

  private static final String[] SEGMENTS = {"campus", "white_collar", "other"};
  private static final String[] CHANNELS = {
    "msn_invite", "campus_ambassador", "qq", "organic", "ad"
  };

  SnsStory(double scale, Random rnd, ScrapeSchedule scrapes) {
    this.rnd = rnd;
    this.scrapes = scrapes;
    this.messy = new Messy(rnd);
    int users = (int) Math.max(200, Math.round(28_000 * scale));
    site = new int[users];
    registeredMinute = new long[users];
    segment = new byte[users];
    channel = new byte[users];
    org = new int[users];
    homeIp = new int[users];
    // Organisations: about 150 members each, so campus and office graphs stay Dunbar-sized.
    int orgsPerKind = Math.max(2, (int) Math.ceil(users / 2.0 / 150 / 2));
    orgNames = new String[SITES.size() * 2 * orgsPerKind];
    for (int s = 0; s < SITES.size(); s++) {
      for (int k = 0; k < orgsPerKind; k++) {
        orgNames[(s * 2) * orgsPerKind + k] = numbered(SCHOOLS, k);
        orgNames[(s * 2 + 1) * orgsPerKind + k] = numbered(COMPANIES, k);
      }
    }
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int u = 0; u < users; u++) {
      int s = rnd.nextDouble() < KAIXIN.share() ? 0 : 1;
      site[u] = s;
      Instant registered = registration(SITES.get(s));
      registeredMinute[u] = registered.getEpochSecond() / 60;
      boolean early2008 = registered.isBefore(Instant.parse("2009-01-01T00:00:00Z"));
      double x = rnd.nextDouble();
      segment[u] =
          (byte) (s == 0 ? (x < 0.15 ? 0 : x < 0.85 ? 1 : 2) : (x < 0.80 ? 0 : x < 0.95 ? 1 : 2));
      double c = rnd.nextDouble();
      channel[u] =
          (byte)
              (s == 0
                  ? (c < (early2008 ? 0.55 : 0.25) ? 0 : c < 0.62 ? 3 : c < 0.80 ? 2 : 4)
                  : (c < 0.50 ? 1 : c < 0.80 ? 3 : c < 0.90 ? 2 : c < 0.95 ? 0 : 4));
      int kind = segment[u] == 0 ? 0 : 1;
      org[u] = segment[u] == 2 ? -1 : (s * 2 + kind) * orgsPerKind + rnd.nextInt(orgsPerKind);
      if (org[u] >= 0) {
        members.computeIfAbsent(org[u], k -> new ArrayList<>()).add(u);
      }
      homeIp[u] = (FIRST_OCTETS[rnd.nextInt(FIRST_OCTETS.length)] << 16) | rnd.nextInt(1 << 16);
    }
    members.forEach((k, v) -> orgMembers.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** The story day (Shanghai) of a minute since the epoch. */
  private static LocalDate day(long minute) {
    return Instant.ofEpochSecond(minute * 60).atZone(SHANGHAI).toLocalDate();
  }

  private static String numbered(List<String> names, int k) {
    String base = names.get(k % names.size());
    return k < names.size() ? base : base + " " + (k / names.size() + 1) + "分部";
  }

  int users() {
    return site.length;
  }

  /** Draws a registration time from the site's logistic curve between its launch and the end. */
  private Instant registration(Site s) {
    double lo = logistic(s, s.launch());
    double hi = logistic(s, END);
    double u = lo + rnd.nextDouble() * (hi - lo);
    double days = -Math.log(1 / u - 1) / s.ratePerDay();
    long minute = s.midpoint().atStartOfDay(SHANGHAI).toEpochSecond() / 60 + (long) (days * 1440);
    return Instant.ofEpochSecond(Math.min(minute, END_MINUTE - 1440) * 60);
  }

  private static double logistic(Site s, LocalDate d) {
    double t = ChronoUnit.DAYS.between(s.midpoint(), d);
    return 1 / (1 + Math.exp(-s.ratePerDay() * t));
  }

  private String userId(int u) {
    return site[u] == 0 ? "kx" + (100000 + u) : Integer.toString(500000 + u);
  }

  /** Renren ids are numbers: JSON lines write them as numbers half of the time. */
  private Object userIdValue(int u) {
    if (site[u] == 1 && rnd.nextBoolean()) {
      return 500000L + u;
    }
    String id = userId(u);
    return rnd.nextInt(50) == 0 ? Messy.fullWidth(id) : id;
  }

  private String siteName(int u) {
    List<String> aliases = SITES.get(site[u]).aliases();
    return rnd.nextInt(4) == 0 ? messy.pick(aliases) : aliases.get(0);
  }

  void writeUsers(Path root) throws IOException {
    String[] columns = {"site", "user_id", "registered_at", "segment", "org", "channel", "city"};
    try (DailyFiles main =
            new DailyFiles(
                root,
                "sns_users",
                columns,
                List.of("csv-crlf", "gbk", "jsonl", "csv"),
                Math.max(100, users() / 3 + 1),
                rnd,
                scrapes);
        ScrapeWriter again =
            new ScrapeWriter(
                root,
                "sns_users",
                scrapes.rescrape(),
                columns,
                List.of("jsonl"),
                Long.MAX_VALUE,
                rnd)) {
      for (int u = 0; u < users(); u++) {
        Object[] row = userRow(u);
        LocalDate registered = day(registeredMinute[u]);
        main.on(registered).write(badUserValue(row, u < 5 ? u : -1));
        if (rnd.nextDouble() < 0.01) {
          // A re-scrape: the user moved city (the later scrape wins) or nothing changed.
          Object[] moved = row.clone();
          moved[6] = rnd.nextBoolean() ? messy.pick(CITIES) : row[6];
          if (scrapes.rescrapeSaw(registered)) {
            again.write(moved);
          }
        }
      }
    }
  }

  private Object[] userRow(int u) {
    String seg = SEGMENTS[segment[u]];
    if (rnd.nextInt(20) == 0) {
      seg = seg.equals("white_collar") ? "White Collar" : seg.toUpperCase();
    }
    return new Object[] {
      siteName(u),
      userIdValue(u),
      messy.timestamp(Instant.ofEpochSecond(registeredMinute[u] * 60)),
      seg,
      org[u] < 0 ? null : orgNames[org[u]],
      CHANNELS[channel[u]],
      CITIES.get(Math.floorMod(homeIp[u], CITIES.size()))
    };
  }

  /** Value-level mess: a bad timestamp, an unknown segment or channel, a missing required value. */
  private Object[] badUserValue(Object[] row, int forced) {
    int kind = forced >= 0 ? forced : rnd.nextDouble() < BAD_VALUE ? rnd.nextInt(4) : -1;
    switch (kind) {
      case 0 -> row[2] = messy.pick(List.of("not a date", "2009-02-30 10:00", "去年"));
      case 1 -> row[3] = "student";
      case 2 -> row[5] = "tv";
      case 3 -> row[2] = null;
      default -> {}
    }
    return row;
  }

  /**
   * Monthly activity with retention that decays, better for MSN invites, worse after QQ Farm for
   * Kaixin.
   */
  long writeActivity(Path root) throws IOException {
    String[] columns = {"site", "user_id", "event_time", "event_type", "ip"};
    // Several parts even for the small sample, so that every file format shows up; 250k rows a part
    // at scale.
    long rowsPerPart = Math.max(2_000, Math.min(250_000, users() * 12L));
    try (DailyFiles main =
            new DailyFiles(
                root,
                "sns_activity",
                columns,
                List.of("csv", "jsonl", "csv-crlf"),
                rowsPerPart,
                rnd,
                scrapes);
        ScrapeWriter again =
            new ScrapeWriter(
                root,
                "sns_activity",
                scrapes.rescrape(),
                columns,
                List.of("csv"),
                Long.MAX_VALUE,
                rnd)) {
      long forced = 0;
      long endMonth = END.withDayOfMonth(1).toEpochDay();
      long qqFarm = LocalDate.of(2009, 6, 1).toEpochDay();
      for (int u = 0; u < users(); u++) {
        ZonedDateTime registered = Instant.ofEpochSecond(registeredMinute[u] * 60).atZone(SHANGHAI);
        LocalDate month = registered.toLocalDate().withDayOfMonth(1);
        double stickiness = channel[u] == 0 ? 0.72 : channel[u] == 4 ? 0.45 : 0.62;
        for (int k = 0; month.toEpochDay() <= endMonth; k++, month = month.plusMonths(1)) {
          double p = k == 0 ? 0.92 : stickiness * Math.pow(0.93, k) + 0.05;
          if (site[u] == 0 && month.toEpochDay() >= qqFarm) {
            p *= 0.7;
          }
          if (site[u] == 1 && segment[u] == 0) {
            p = Math.min(0.95, p * 1.15);
          }
          if (rnd.nextDouble() >= p) {
            continue;
          }
          long monthStart = month.atStartOfDay(SHANGHAI).toEpochSecond() / 60;
          long monthEnd =
              Math.min(month.plusMonths(1).atStartOfDay(SHANGHAI).toEpochSecond() / 60, END_MINUTE);
          long from = Math.max(monthStart, registeredMinute[u]);
          int events = 1 + (int) (-Math.log(1 - rnd.nextDouble()) * 3);
          for (int e = 0; e < events; e++) {
            long minute = from + (long) (rnd.nextDouble() * (monthEnd - from));
            Object[] row = activityRow(u, minute);
            main.on(day(minute)).write(badActivityValue(row, u, forced < 5 ? (int) forced++ : -1));
            if (rnd.nextDouble() < 0.005 && scrapes.rescrapeSaw(day(minute))) {
              again.write(row);
            }
          }
        }
      }
      return main.records() + again.records();
    }
  }

  private Object[] activityRow(int u, long minute) {
    double x = rnd.nextDouble();
    double game = site[u] == 0 ? 0.18 : 0.05;
    String type =
        x < 0.45
            ? "login"
            : x < 0.70 ? "feed_view" : x < 0.70 + game ? "game" : x < 0.93 ? "post" : "invite";
    return new Object[] {
      siteName(u), userIdValue(u), messy.timestamp(Instant.ofEpochSecond(minute * 60)), type, ip(u)
    };
  }

  private String ip(int u) {
    if (rnd.nextInt(10) == 0) {
      return null;
    }
    int h = homeIp[u];
    if (h % 50 == 0) {
      return String.format("240e:%x:%x::%x", (h >> 8) & 0xffff, h & 0xff, rnd.nextInt(0xffff));
    }
    return (h >> 16) + "." + ((h >> 8) & 0xff) + "." + (h & 0xff) + "." + (1 + rnd.nextInt(254));
  }

  /** Value-level mess: bad time, unknown event type, bad IP, an event before registration. */
  private Object[] badActivityValue(Object[] row, int u, int forced) {
    int kind = forced >= 0 ? forced : rnd.nextDouble() < BAD_VALUE ? rnd.nextInt(5) : -1;
    switch (kind) {
      case 0 -> row[2] = messy.pick(List.of("yesterday", "2009/13/1 8:05", "12345"));
      case 1 -> row[3] = "like";
      case 2 -> row[4] = "999.12.1.1";
      case 3 ->
          row[2] = messy.timestamp(Instant.ofEpochSecond((registeredMinute[u] - 10 * 1440) * 60));
      case 4 -> row[1] = null;
      default -> {}
    }
    return row;
  }

  /**
   * Friendships: mostly inside the school or company, some friends and imported contacts across the
   * site.
   */
  long writeRelations(Path root) throws IOException {
    String[] columns = {"site", "src_user_id", "dst_user_id", "relation", "created_at"};
    try (DailyFiles files =
        new DailyFiles(
            root,
            "sns_relations",
            columns,
            List.of("csv", "jsonl"),
            Math.max(2_000, Math.min(500_000, users() * 4L)),
            rnd,
            scrapes)) {
      int[][] bySite = new int[SITES.size()][];
      for (int s = 0; s < SITES.size(); s++) {
        final int site0 = s;
        bySite[s] = IntStream.range(0, users()).filter(u -> site[u] == site0).toArray();
      }
      int forced = 0;
      for (int u = 0; u < users(); u++) {
        boolean connector = rnd.nextInt(50) == 0;
        int listings =
            connector ? 150 + rnd.nextInt(70) : 1 + (int) (-Math.log(1 - rnd.nextDouble()) * 5);
        int[] mates = org[u] < 0 ? null : orgMembers.get(org[u]);
        for (int i = 0; i < listings; i++) {
          double x = rnd.nextDouble();
          String relation;
          int v;
          if (mates != null && x < 0.70) {
            relation = segment[u] == 0 ? "classmate" : "colleague";
            v = mates[rnd.nextInt(mates.length)];
          } else {
            relation = x < 0.85 ? "friend" : "imported_contact";
            v = bySite[site[u]][rnd.nextInt(bySite[site[u]].length)];
          }
          if (v == u && forced >= 2) {
            continue;
          }
          long since = Math.max(registeredMinute[u], registeredMinute[v]);
          long minute = Math.min(since + rnd.nextInt(90 * 1440), END_MINUTE);
          Instant created = Instant.ofEpochSecond(minute * 60);
          ScrapeWriter main = files.on(day(minute));
          String name = siteName(u);
          if (forced < 2) {
            // Guaranteed mess: a self-loop and an unknown relation type.
            main.write(name, userIdValue(u), userIdValue(u), relation, messy.timestamp(created));
            main.write(name, userIdValue(u), userIdValue(v), "enemy", messy.timestamp(created));
            forced += 2;
          }
          main.write(name, userIdValue(u), userIdValue(v), relation, messy.timestamp(created));
          if (rnd.nextDouble() < 0.3) {
            main.write(name, userIdValue(v), userIdValue(u), relation, messy.timestamp(created));
          }
        }
      }
      return files.records();
    }
  }

  /** The traffic panel: logistic daily IPs with noise; Kaixin001 declines slowly from 2010. */
  void writeTraffic(Path root) throws IOException {
    String[] columns = {"date", "site", "daily_ip"};
    try (DailyFiles main =
            new DailyFiles(
                root, "site_traffic", columns, List.of("csv", "jsonl"), 2000, rnd, scrapes);
        ScrapeWriter again =
            new ScrapeWriter(
                root,
                "site_traffic",
                scrapes.rescrape(),
                columns,
                List.of("csv"),
                Long.MAX_VALUE,
                rnd)) {
      int forced = 0;
      LocalDate revisedUntil = scrapes.lastRevisable(END);
      for (Site s : SITES) {
        LocalDate first =
            s.launch().isBefore(LocalDate.of(2008, 1, 1)) ? LocalDate.of(2008, 1, 1) : s.launch();
        for (LocalDate d = first; !d.isAfter(END); d = d.plusDays(1)) {
          double level = s.trafficCeiling() * logistic(s, d);
          if (s == KAIXIN && d.isAfter(LocalDate.of(2010, 1, 1))) {
            level *= 1 - 0.15 * ChronoUnit.DAYS.between(LocalDate.of(2010, 1, 1), d) / 730.0;
          }
          long value = Math.round(level * (1 + 0.03 * rnd.nextGaussian()));
          Object[] row = {messy.date(d), messy.pick(s.aliases()), messy.count(value)};
          if (forced < 2) {
            row[2] = forced++ == 0 ? "-1" : "n/a";
          }
          main.on(d).write(row);
          if (d.isAfter(revisedUntil.minusDays(90)) && !d.isAfter(revisedUntil)) {
            // The panel revised its last quarter: the later scrape wins.
            again.write(messy.date(d), s.name(), Math.round(value * 1.01));
          }
        }
      }
    }
  }

  /**
   * Two files as scrapers sometimes leave them: GBK bytes saved under a UTF-8 name (every row is
   * bad_encoding), and an export whose header lost a required column (every row is missing_column).
   */
  void writeBrokenFiles(Path root) throws IOException {
    Files.write(
        root.resolve("site_traffic").resolve(scrapes.rescrapeDate() + "_legacy-export.csv"),
        "date,site,daily_ip\n2011-12-30,开心网,9800000\n2011-12-31,开心网,9750000\n"
            .getBytes(Charset.forName("GBK")));
    Files.writeString(
        root.resolve("market_events").resolve(scrapes.rescrapeDate() + "_no-event-column.csv"),
        "date,actor,site,description\n2009-05-16,tencent,kaixin001,QQ Farm press coverage\n");
  }

  void writeMarketEvents(Path root) throws IOException {
    String[] columns = {"date", "actor", "site", "event", "description"};
    Object[][] events = {
      {LocalDate.of(2008, 3, 1), "kaixin001", "kaixin001", "Kaixin001 launch", "开心网上线"},
      {LocalDate.of(2008, 6, 1), "开心网", "开心网", "MSN invite campaign", "大规模 MSN 邀请推广"},
      {
        LocalDate.of(2008, 10, 1),
        "Kaixin001",
        "kaixin001.com",
        "Friend parking game",
        "争车位 social game"
      },
      {LocalDate.of(2009, 5, 15), "腾讯", "kaixin001", "QQ Farm launch", "QQ农场 launched in Qzone"},
      {
        LocalDate.of(2009, 6, 20),
        "Tencent",
        "renren",
        "Qzone feed revamp",
        "QQ空间 改版, feed and apps"
      },
      {LocalDate.of(2009, 8, 4), "xiaonei", "校内网", "Xiaonei renamed Renren", "校内网更名人人网"},
      {LocalDate.of(2010, 3, 1), "kaixin001", "kaixin001", "Kaixin001 open platform", "开放平台"},
      {LocalDate.of(2010, 11, 1), "Tencent", "", "QQ client feed integration", "QQ 客户端 SNS feed"},
      {LocalDate.of(2011, 5, 4), "renren", "renren", "Renren IPO", "NYSE listing"},
    };
    try (ScrapeWriter main =
            new ScrapeWriter(
                root, "market_events", scrapes.history(), columns, List.of("csv"), 100, rnd);
        ScrapeWriter again =
            new ScrapeWriter(
                root, "market_events", scrapes.rescrape(), columns, List.of("jsonl"), 100, rnd)) {
      for (Object[] e : events) {
        main.write(messy.date((LocalDate) e[0]), e[1], e[2], e[3], e[4]);
      }
      main.write("2009-13-01", "tencent", null, "Bad date row", null);
      // The re-scrape corrects a description.
      again.write(
          "2009-05-15",
          "tencent",
          "kaixin001",
          "QQ Farm launch",
          "QQ农场 launched inside Qzone, copying Kaixin001's farm");
    }
  }
}
