package dev.tandem.model;

import java.util.List;

/**
 * Result of comparing the cut on the primary with its copy on the secondary.
 *
 * @param entriesCompared files and directories whose listing entries were compared
 * @param checksumsCompared files whose checksums were compared
 * @param mismatches the first differences found (bounded), empty when equal
 * @param growing files still being written on the primary past the cut (its NameNode does not freeze open
 *     files): the secondary holds an exact prefix of each, checked by checksum, and the next run checks again
 * @param mismatchCount how many differences were found in all, listed or not (at least {@code mismatches.size()})
 */
public record Verification(long entriesCompared, long checksumsCompared, List<String> mismatches,
    OpenFiles growing, long mismatchCount) {
  public Verification {
    mismatches = List.copyOf(mismatches);
    growing = growing == null ? OpenFiles.NONE : growing;
    mismatchCount = Math.max(mismatchCount, mismatches.size());
  }

  public Verification(long entriesCompared, long checksumsCompared, List<String> mismatches, OpenFiles growing) {
    this(entriesCompared, checksumsCompared, mismatches, growing, mismatches.size());
  }

  public Verification(long entriesCompared, long checksumsCompared, List<String> mismatches) {
    this(entriesCompared, checksumsCompared, mismatches, OpenFiles.NONE);
  }

  public boolean ok() {
    return mismatches.isEmpty();
  }
}
