package dev.tandem.model;

import java.util.List;

/**
 * The space a group's snapshots hold on one site, beyond its live tree (see {@link SnapshotHolding}).
 *
 * @param cutsBytes held by the group's kept cuts together (each file counted once, however many cuts hold it):
 *     what deleting all of them would free
 * @param driftBytes held by the group's drift snapshots together
 * @param snapshotsBytes HDFS's own number, the sum over the group's roots of {@code ContentSummary}'s
 *     {@code snapshotSpaceConsumed}: everything deleted from the live tree that any snapshot of the root still holds,
 *     including snapshots that are not Tandem's; -1 when not known
 * @param fs the site's HDFS as a whole; null when not known
 * @param complete false when the survey stopped at its file budget: the byte counts are then lower bounds
 * @param error why the site could not be surveyed; null when it was
 */
public record SiteSpace(SiteId site, long cutsBytes, long driftBytes, long snapshotsBytes, FsSpace fs,
    boolean complete, List<SnapshotHolding> snapshots, String error) {
  public SiteSpace {
    snapshots = List.copyOf(snapshots);
  }

  public static SiteSpace unknown(SiteId site, String error) {
    return new SiteSpace(site, 0, 0, -1, null, false, List.of(), error);
  }
}
