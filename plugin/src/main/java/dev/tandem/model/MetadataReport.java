package dev.tandem.model;

import java.util.List;

/**
 * What a run did to the secondary's metastore, and how it compared.
 *
 * @param mode how the secondary's objects were brought to the cut
 * @param fromEventId last metastore event already on the secondary (-1 on a bootstrap)
 * @param toEventId the cut's metastore event id
 * @param eventsReplayed events read and applied between the two, including those that changed nothing
 * @param tablesWritten tables created, altered or dropped on the secondary
 * @param partitionsWritten partitions added, altered or dropped on the secondary
 * @param tablesCompared protected tables compared by the verification
 * @param partitionsCompared their partitions
 * @param digest SHA-256 over every protected object as of the cut (schema, partitions, parameters, locations)
 * @param mismatches the first differences found (bounded), empty when equal
 */
public record MetadataReport(MetadataMode mode, long fromEventId, long toEventId, long eventsReplayed,
    long tablesWritten, long partitionsWritten, long tablesCompared, long partitionsCompared, String digest,
    List<String> mismatches) {
  public static final MetadataReport NONE = new MetadataReport(MetadataMode.NONE, -1, -1, 0, 0, 0, 0, 0, "",
      List.of());

  public MetadataReport {
    mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
  }

  public boolean ok() {
    return mismatches.isEmpty();
  }

  public MetadataReport verified(long tables, long partitions, String digestValue, List<String> found) {
    return new MetadataReport(mode, fromEventId, toEventId, eventsReplayed, tablesWritten, partitionsWritten, tables,
        partitions, digestValue, found);
  }
}
