package com.marketlens.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader that also reports, for each record, the line it starts on and its
 * text as read (for the quarantine table). Quoted fields may hold commas, doubled quotes and line
 * breaks; CRLF, LF and CR all end a line; empty lines are not records.
 */
final class CsvRecords {

  /** One record: its fields, first line (1-based), raw text, and whether a quote was left open. */
  record CsvRecord(List<String> fields, long line, String raw, boolean unterminatedQuote) {}

  private final Reader in;
  private long line = 1;
  private int pushedBack = -2;

  CsvRecords(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  /** The next non-empty record, or null at the end of input. */
  CsvRecord next() throws IOException {
    while (true) {
      long start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder raw = new StringBuilder();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean inQuotes = false;
      int c = read();
      if (c == -1) {
        return null;
      }
      while (true) {
        if (c == -1) {
          fields.add(field.toString());
          if (!inQuotes && !quoted && fields.size() == 1 && fields.get(0).isBlank()) {
            return null;
          }
          return new CsvRecord(fields, start, raw.toString(), inQuotes);
        }
        if (inQuotes) {
          if (c == '"') {
            int n = read();
            if (n == '"') {
              field.append('"');
              raw.append("\"\"");
            } else {
              inQuotes = false;
              raw.append('"');
              c = n;
              continue;
            }
          } else {
            if (c == '\n' || (c == '\r')) {
              line++;
              if (c == '\r') {
                int n = read();
                if (n != '\n') {
                  pushedBack = n;
                } else {
                  field.append('\r');
                  raw.append('\r');
                  c = '\n';
                }
              }
            }
            field.append((char) c);
            raw.append((char) c);
          }
        } else if (c == '"' && field.length() == 0 && !quoted) {
          inQuotes = true;
          quoted = true;
          raw.append('"');
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          quoted = false;
          raw.append(',');
        } else if (c == '\n' || c == '\r') {
          line++;
          if (c == '\r') {
            int n = read();
            if (n != '\n') {
              pushedBack = n;
            }
          }
          fields.add(field.toString());
          break;
        } else {
          field.append((char) c);
          raw.append((char) c);
        }
        c = read();
      }
      boolean blank = fields.size() == 1 && !quoted && fields.get(0).isBlank();
      if (!blank) {
        return new CsvRecord(fields, start, raw.toString(), false);
      }
    }
  }
}
