package dev.tandem.model;

import java.util.List;

/**
 * Result of comparing the cut on the primary with its copy on the secondary.
 *
 * @param entriesCompared files and directories whose listing entries were compared
 * @param checksumsCompared files whose checksums were compared
 * @param mismatches the first differences found (bounded), empty when equal
 */
public record Verification(long entriesCompared, long checksumsCompared, List<String> mismatches) {
  public Verification {
    mismatches = List.copyOf(mismatches);
  }

  public boolean ok() {
    return mismatches.isEmpty();
  }
}
