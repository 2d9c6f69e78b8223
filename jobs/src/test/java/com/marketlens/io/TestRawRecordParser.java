package com.marketlens.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.io.RawRecordParser.RawRecord;
import com.marketlens.schema.ColumnSpec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading scraped files: RFC 4180 CSV, JSON lines, encodings, line numbers and structural errors.
 */
class TestRawRecordParser {

  private static final RawRecordParser PARSER =
      new RawRecordParser(
          List.of(
              new ColumnSpec("a", "text", null, false, List.of(), ""),
              new ColumnSpec("b", "text", null, true, List.of(), ""),
              new ColumnSpec("c", "text", null, true, List.of(), "")));

  private static List<String> parse(String name, byte[] content) {
    SourceFile file = SourceFile.fromName("/in/ds/" + name, "ds");
    List<String> out = new ArrayList<>();
    PARSER.parse(content, file).forEachRemaining(r -> out.add(describe(r)));
    return out;
  }

  private static String describe(RawRecord r) {
    return r.line() + ":" + (r.parseError() != null ? r.parseError() : Arrays.toString(r.values()));
  }

  @Test
  void readsCsvByHeaderNameWithQuotesBomCrlfAndBlankLines() {
    String csv =
        "\uFEFFc,A,b\r\n"
            + "3,1,2\r\n"
            + "\r\n"
            + "\"x,y\",\"multi\r\nline\",\"say \"\"hi\"\"\"\r\n"
            + ",4,\r\n"
            + "5,6\r\n"
            + "   \r\n"
            + "7,8,9";
    assertThat(parse("2012-01-05_p.csv", csv.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(
            "2:[1, 2, 3]",
            "4:[multi\r\nline, say \"hi\", x,y]",
            "6:[4, null, null]",
            "7:wrong_column_count",
            "9:[8, 9, 7]");
  }

  @Test
  void anUnterminatedQuoteIsOneMalformedRecord() {
    assertThat(
            parse(
                "2012-01-05_p.csv", "a,b,c\n1,\"open,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("2:malformed_record");
  }

  @Test
  void aHeaderWithoutARequiredColumnMarksEveryRow() {
    assertThat(parse("2012-01-05_p.csv", "b,c\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("2:missing_column", "3:missing_column");
  }

  @Test
  void readsGbkFilesByName() {
    byte[] gbk = "a,b,c\n开心网,北京,上海\n".getBytes(Charset.forName("GBK"));
    assertThat(parse("2012-01-05_p.gbk.csv", gbk)).containsExactly("2:[开心网, 北京, 上海]");
    // The same bytes read as UTF-8 are not valid text.
    assertThat(parse("2012-01-05_p.csv", gbk)).containsExactly("2:bad_encoding");
  }

  @Test
  void readsJsonLinesWithNumbersNullsAndMissingKeys() {
    String jsonl =
        "{\"A\": 12345678901234567890, \"b\": 0.1, \"c\": null}\n"
            + "\n"
            + "{\"a\": \"x\", \"extra\": true}\r\n"
            + "{\"a\": [1]}\n"
            + "not json\n"
            + "[1,2]\n"
            + "{\"a\": 1.50e2, \"b\": \"\"}";
    assertThat(parse("2012-01-05_p.jsonl", jsonl.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(
            "1:[12345678901234567890, 0.1, null]",
            "3:[x, null, null]",
            "4:malformed_record",
            "5:malformed_record",
            "6:malformed_record",
            "7:[150, null, null]");
  }

  @Test
  void fileNamesFollowTheContract() {
    assertThat(SourceFile.fromName("s3a://b/in/sns_users/2012-01-05_part1.gbk.csv", "sns_users"))
        .isEqualTo(
            new SourceFile(
                "s3a://b/in/sns_users/2012-01-05_part1.gbk.csv",
                "sns_users/2012-01-05_part1.gbk.csv",
                "sns_users",
                LocalDate.of(2012, 1, 5),
                "csv",
                "GBK"));
    assertThat(SourceFile.fromName("/in/x/2012-01-05_a_b.jsonl", "x").format()).isEqualTo("jsonl");
    for (String bad :
        List.of(
            "users.csv",
            "2012-13-05_a.csv",
            "2012-01-05.csv",
            "2012-01-05_a.json",
            "2012-01-05_a.gbk.jsonl")) {
      assertThat(SourceFile.fromName("/in/x/" + bad, "x")).as(bad).isNull();
    }
  }
}
