package com.marketlens.io;

import static com.marketlens.quality.QuarantineReason.BAD_ENCODING;
import static com.marketlens.quality.QuarantineReason.MALFORMED_RECORD;
import static com.marketlens.quality.QuarantineReason.MISSING_COLUMN;
import static com.marketlens.quality.QuarantineReason.WRONG_COLUMN_COUNT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.quality.QuarantineReason;
import com.marketlens.schema.ColumnSpec;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Turns one scraped file's bytes into records: the contract's columns as text (looked up by header
 * name or JSON key, so column order is free), the line each record starts on, its raw text, and a
 * structural error code when it cannot be read. Runs on executors, one file per call, streaming.
 */
public final class RawRecordParser implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A record as read. {@code values} follow the contract's column order. */
  public record RawRecord(long line, String raw, String[] values, String parseError) {}

  private final List<String> columns;
  private final List<String> requiredColumns;

  public RawRecordParser(List<ColumnSpec> contractColumns) {
    this.columns = contractColumns.stream().map(ColumnSpec::name).toList();
    this.requiredColumns =
        contractColumns.stream().filter(c -> !c.nullable()).map(ColumnSpec::name).toList();
  }

  public int columnCount() {
    return columns.size();
  }

  /** Parses a whole file; records are produced lazily as the iterator is consumed. */
  public Iterator<RawRecord> parse(byte[] content, SourceFile file) {
    CharsetDecoder decoder =
        file.decodeAs()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    Reader reader =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(content), decoder), 1 << 16);
    return "csv".equals(file.format()) ? csv(reader) : jsonLines(reader);
  }

  private Iterator<RawRecord> csv(Reader reader) {
    CsvRecords records = new CsvRecords(reader);
    return new LazyIterator(
        new Source() {
          int[] index;
          String headerError;
          int headerSize;

          @Override
          public RawRecord next() throws IOException {
            CsvRecords.CsvRecord r = records.next();
            if (r == null) {
              return null;
            }
            if (index == null) {
              readHeader(r.fields());
              r = records.next();
              if (r == null) {
                return null;
              }
            }
            String raw = r.raw();
            if (r.unterminatedQuote()) {
              return error(r.line(), raw, MALFORMED_RECORD);
            }
            if (headerError != null) {
              return error(r.line(), raw, MISSING_COLUMN);
            }
            if (r.fields().size() != headerSize) {
              return error(r.line(), raw, WRONG_COLUMN_COUNT);
            }
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
              values[i] = index[i] < 0 ? null : emptyToNull(r.fields().get(index[i]));
            }
            return record(r.line(), raw, values);
          }

          private void readHeader(List<String> header) {
            Map<String, Integer> position = new HashMap<>();
            for (int i = header.size() - 1; i >= 0; i--) {
              position.put(normalizeName(header.get(i)), i);
            }
            headerSize = header.size();
            index = new int[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
              index[i] = position.getOrDefault(columns.get(i), -1);
              if (index[i] < 0 && requiredColumns.contains(columns.get(i))) {
                headerError = columns.get(i);
              }
            }
          }
        });
  }

  private Iterator<RawRecord> jsonLines(Reader reader) {
    BufferedReader lines = new BufferedReader(reader);
    ObjectMapper json =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    return new LazyIterator(
        new Source() {
          long lineNo;

          @Override
          public RawRecord next() throws IOException {
            String text;
            do {
              text = lines.readLine();
              lineNo++;
              if (text == null) {
                return null;
              }
              if (lineNo == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
              }
            } while (text.isBlank());
            JsonNode node;
            try {
              node = json.readTree(text);
            } catch (JsonProcessingException e) {
              return error(lineNo, text, MALFORMED_RECORD);
            }
            if (node == null || !node.isObject()) {
              return error(lineNo, text, MALFORMED_RECORD);
            }
            Map<String, JsonNode> byName = new HashMap<>();
            node.fields()
                .forEachRemaining(e -> byName.putIfAbsent(normalizeName(e.getKey()), e.getValue()));
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
              JsonNode v = byName.get(columns.get(i));
              if (v != null && (v.isContainerNode())) {
                return error(lineNo, text, MALFORMED_RECORD);
              }
              values[i] = v == null || v.isNull() ? null : jsonText(v);
            }
            return record(lineNo, text, values);
          }
        });
  }

  private static String jsonText(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      return v.decimalValue().toPlainString();
    }
    return emptyToNull(v.asText());
  }

  private static String normalizeName(String header) {
    return header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static RawRecord record(long line, String raw, String[] values) {
    boolean badBytes = raw.indexOf('\uFFFD') >= 0;
    return badBytes ? error(line, raw, BAD_ENCODING) : new RawRecord(line, raw, values, null);
  }

  private static RawRecord error(long line, String raw, QuarantineReason reason) {
    return new RawRecord(line, raw, null, reason.code());
  }

  private interface Source {
    RawRecord next() throws IOException;
  }

  /** Pulls one record ahead so that hasNext() is honest. */
  private static final class LazyIterator implements Iterator<RawRecord> {
    private final Source source;
    private RawRecord ahead;
    private boolean done;

    LazyIterator(Source source) {
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      if (ahead == null && !done) {
        try {
          ahead = source.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        done = ahead == null;
      }
      return ahead != null;
    }

    @Override
    public RawRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      RawRecord r = ahead;
      ahead = null;
      return r;
    }

    @Override
    public void forEachRemaining(Consumer<? super RawRecord> action) {
      while (hasNext()) {
        action.accept(next());
      }
    }
  }
}
