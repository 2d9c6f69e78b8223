package com.marketlens.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.Fixtures;
import com.marketlens.error.MarketLensException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract files: they load from the folder and from the jar alike, and bad ones fail with their
 * path.
 */
class TestContracts {

  @TempDir Path tmp;

  @Test
  void everyDatasetHasAnInputAndASilverContractWithItsKeys() {
    // No folder: the copy packaged with the classes, as on a cluster.
    Contracts contracts = Contracts.load(null);
    for (String dataset : Datasets.ALL) {
      assertThat(contracts.input(dataset).columns()).as(dataset).isNotEmpty();
      assertThat(contracts.silver(dataset).columnNames())
          .as(dataset)
          .containsAll(contracts.silver(dataset).key())
          .contains("scrape_date", "source_file", "source_line");
    }
    assertThat(contracts.input("sns_users").key()).containsExactly("site", "user_id");
    assertThat(contracts.input("cloud_prices").column("product").allowed())
        .containsExactly("cdn", "bandwidth", "compute", "storage");
  }

  @Test
  void silverSchemasCarryTypesAndNullability() {
    Contracts contracts =
        Contracts.load(
            Path.of(System.getProperty("marketlens.home", "..")).resolve("schemas").toString());
    StructField registered = contracts.silver("sns_users").sparkSchema().apply("registered_at");
    assertThat(registered)
        .isEqualTo(
            new StructField("registered_at", DataTypes.TimestampType, false, Metadata.empty()));
    assertThat(contracts.silver("sns_users").sparkSchema().apply("city").nullable()).isTrue();
    assertThat(contracts.silver("cloud_prices").sparkSchema().apply("list_price_cny").dataType())
        .isEqualTo(DataTypes.createDecimalType(30, 14));
    // Input contracts are read as text: bronze keeps values as read.
    assertThat(contracts.input("site_traffic").sparkSchema().apply("daily_ip").dataType())
        .isEqualTo(DataTypes.StringType);
  }

  @Test
  void statisticsColumnsAreTheKeyAndTimesOfSilverAndSystemTables() {
    Contracts contracts = Contracts.load(null);
    assertThat(contracts.silver("sns_activity").statsColumns())
        .containsExactly(
            "site", "user_key", "event_time", "event_type", "event_month", "scrape_date");
    assertThat(contracts.system("quarantine").statsColumns())
        .containsExactly(
            "dataset", "source_file", "source_line", "checksum", "scrape_date", "run_date");
    assertThat(contracts.gold("cohort_retention").statsColumns()).isEmpty();
    assertThat(contracts.input("sns_activity").statsColumns()).isEmpty();
    assertThat(contracts.system("bronze_metadata").statsColumns()).isEmpty();
  }

  @Test
  void aBadContractFailsWithItsPathAndTheProblem() throws IOException {
    Path schemas = copySchemas();
    Files.writeString(
        schemas.resolve("input/fx_rates.json"),
        "{\"name\":\"fx_rates\",\"key\":[\"date\"],\"columns\":[{\"name\":\"date\",\"format\":\"when\",\"nullable\":false}]}");
    assertThatThrownBy(() -> Contracts.load(schemas.toString()))
        .isInstanceOf(MarketLensException.class)
        .hasMessage(
            "Invalid contract `"
                + schemas
                + "/input/fx_rates.json`: column `date` has unknown format `when`.");
    Files.writeString(
        schemas.resolve("input/fx_rates.json"),
        "{\"name\":\"fx_rates\",\"key\":[\"day\"],\"columns\":[{\"name\":\"date\",\"format\":\"date\",\"nullable\":false}]}");
    assertThatThrownBy(() -> Contracts.load(schemas.toString()))
        .hasMessage(
            "Invalid contract `"
                + schemas
                + "/input/fx_rates.json`: key column `day` is not a column.");
    Files.delete(schemas.resolve("input/fx_rates.json"));
    assertThatThrownBy(() -> Contracts.load(schemas.toString()))
        .hasMessageStartingWith(
            "Cannot read contract `"
                + schemas
                + "/input/fx_rates.json`: file missing or not readable");
  }

  private Path copySchemas() {
    return Fixtures.copySchemas(
        Path.of(System.getProperty("marketlens.home", "..")), tmp.resolve("schemas"));
  }
}
