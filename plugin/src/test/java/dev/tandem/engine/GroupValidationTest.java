package dev.tandem.engine;

import static dev.tandem.testing.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.ClusterPair;
import dev.tandem.model.DataSet;
import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Schedule;
import dev.tandem.model.SiteId;
import dev.tandem.model.SnapshotEnablement;
import dev.tandem.testing.SandboxTest;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Groups and pairs checked against the real clusters: clear error naming the field, nothing changed. */
class GroupValidationTest extends SandboxTest {

  @BeforeAll
  static void existingGroup() throws Exception {
    write(primaryFs(), "/taken/events/e", "e");
    cp().putGroup(group("owner", 3, "/taken/events"));
  }

  private static ProtectionGroup group(String name, SnapshotEnablement snapshots, String... dirs) {
    List<DataSet> sets = java.util.Arrays.stream(dirs).<DataSet>map(HdfsDirectory::of).toList();
    return new ProtectionGroup(GroupName.of(name), pair(), sets, Schedule.parse("01:30", "4h", "UTC"), 3, snapshots,
        true);
  }

  private static void rejectedAndNothingChanged(String field, String message, Executable action) throws Exception {
    var groupsBefore = primaryRegistry().groups();
    var secondaryGroupsBefore = secondaryRegistry().groups();
    var pairsBefore = primaryRegistry().pairs();
    int snapshottableBefore = snapshottableCount();
    assertThatThrownBy(action::execute)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    assertThat(primaryRegistry().groups()).isEqualTo(groupsBefore);
    assertThat(secondaryRegistry().groups()).isEqualTo(secondaryGroupsBefore);
    assertThat(primaryRegistry().pairs()).isEqualTo(pairsBefore);
    assertThat(snapshottableCount()).isEqualTo(snapshottableBefore);
  }

  private static int snapshottableCount() throws java.io.IOException {
    var listing = primaryFs().getSnapshottableDirListing();
    return listing == null ? 0 : listing.length;
  }

  @Test
  void unknownSite() throws Exception {
    rejectedAndNothingChanged("primary", "Unknown site 'nowhere'",
        () -> cp().pair(SiteId.of("nowhere"), SiteId.of("west")));
  }

  @Test
  void sameSiteOnBothSides() throws Exception {
    rejectedAndNothingChanged("secondary", "must be different", () -> cp().pair(SiteId.of("east"), SiteId.of("east")));
  }

  @Test
  void groupOnSitesThatAreNotPaired() throws Exception {
    ProtectionGroup g = new ProtectionGroup(GroupName.of("unpaired"), new ClusterPair(SiteId.of("west"),
        SiteId.of("east")), List.of(HdfsDirectory.of("/taken")), Schedule.parse("01:30", "4h", "UTC"), 3, null, true);
    rejectedAndNothingChanged("pair", "not paired", () -> cp().putGroup(g));
  }

  @Test
  void pathThatDoesNotExist() throws Exception {
    rejectedAndNothingChanged("dataSets[0].path", "does not exist on the primary",
        () -> cp().putGroup(group("missing", SnapshotEnablement.ENABLE_IF_MISSING, "/no/such/dir")));
  }

  @Test
  void notSnapshottableAndEnablingNotAllowed() throws Exception {
    write(primaryFs(), "/plain/dir/f", "f");
    rejectedAndNothingChanged("dataSets[0].path", "is not snapshottable",
        () -> cp().putGroup(group("plain", SnapshotEnablement.EXISTING_ONLY, "/plain/dir")));
    assertThat(primaryFs().getFileStatus(new Path("/plain/dir")).isSnapshotEnabled()).isFalse();
  }

  @Test
  void directoryAlreadyProtectedByAnotherGroup() throws Exception {
    write(primaryFs(), "/taken/events/sub/f", "f");
    rejectedAndNothingChanged("dataSets[0].path", "already protected by group 'owner'",
        () -> cp().putGroup(group("thief", SnapshotEnablement.ENABLE_IF_MISSING, "/taken/events/sub")));
  }

  @Test
  void aValidGroupIsStoredOnBothSitesWithoutTouchingHdfsUntilItRuns() throws Exception {
    write(primaryFs(), "/valid/dir/f", "f");
    cp().putGroup(group("valid", SnapshotEnablement.ENABLE_IF_MISSING, "/valid/dir"));
    assertThat(primaryRegistry().group(GroupName.of("valid"))).isPresent();
    assertThat(secondaryRegistry().group(GroupName.of("valid"))).isPresent();
    assertThat(primaryFs().getFileStatus(new Path("/valid/dir")).isSnapshotEnabled()).isFalse();
  }
}
