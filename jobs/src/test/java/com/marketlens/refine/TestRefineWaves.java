package com.marketlens.refine;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.schema.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Refine's order: a dataset that reads another's silver table runs in a later wave than that
 * dataset.
 */
class TestRefineWaves {

  @Test
  void activityWaitsForUsersAndTheConvertedCloudDatasetsWaitForExchangeRates() {
    List<List<String>> waves = RefineJob.waves(Datasets.ALL);
    assertThat(waves).hasSize(2);
    assertThat(waves.get(1))
        .containsExactlyInAnyOrder(
            Datasets.SNS_ACTIVITY,
            Datasets.CLOUD_PRICES,
            Datasets.CLOUD_UNIT_COSTS,
            Datasets.CLOUD_FINANCIALS);
    assertThat(waves.get(0))
        .contains(Datasets.SNS_USERS, Datasets.FX_RATES)
        .hasSize(Datasets.ALL.size() - 4);
  }

  @Test
  void aDatasetWhoseInputIsNotSelectedRunsFirstAgainstTheExistingSilverTable() {
    assertThat(RefineJob.waves(List.of(Datasets.SNS_ACTIVITY, Datasets.SITE_TRAFFIC)))
        .containsExactly(List.of(Datasets.SNS_ACTIVITY, Datasets.SITE_TRAFFIC));
    assertThat(RefineJob.waves(List.of(Datasets.FX_RATES, Datasets.CLOUD_PRICES)))
        .containsExactly(List.of(Datasets.FX_RATES), List.of(Datasets.CLOUD_PRICES));
  }
}
