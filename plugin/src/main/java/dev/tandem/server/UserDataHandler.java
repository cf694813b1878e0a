package dev.tandem.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tandem.engine.ControlPlane;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.NotFoundException;
import dev.tandem.model.PeerUnavailableException;
import dev.tandem.model.ProtectionGroup;
import dev.tandem.model.Site;
import dev.tandem.model.TandemException;
import dev.tandem.model.UserDataApplyReport;
import dev.tandem.server.api.GrantDto;
import dev.tandem.server.api.PrincipalChangeDto;
import dev.tandem.server.api.ResourceChangeDto;
import dev.tandem.server.api.UserDataApplyReportDto;
import dev.tandem.server.api.UserDataChangeDto;
import dev.tandem.server.api.UserDataDiffDto;
import dev.tandem.server.api.UserDataRecordDto;
import dev.tandem.server.api.UserDataSourceDto;
import dev.tandem.server.api.UserDataVersionDto;
import dev.tandem.userdata.Grant;
import dev.tandem.userdata.UserDataDiff;
import dev.tandem.userdata.UserDataRecord;
import dev.tandem.userdata.UserDataService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's user data, which its secondary keeps: versions, one version's rights, the diff of two versions, and
 * applying a version to the secondary on demand. The group is named in the path (unknown: 404); so is the cut of
 * {@link #record} and {@link #apply}, while the cuts of a diff are query values (unknown: 422 naming them).
 */
public final class UserDataHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UserDataHandler.class);

  /** The backup user database a site keeps; empty for a site whose connections keep none. */
  @FunctionalInterface
  public interface Backups {
    Optional<UserDataService> at(Site site);
  }

  private final GroupHandler groups;
  private final Registries registries;
  private final ControlPlane controlPlane;
  private final Backups backups;

  UserDataHandler(GroupHandler groups, Registries registries, ControlPlane controlPlane, Backups backups) {
    this.groups = groups;
    this.registries = registries;
    this.controlPlane = controlPlane;
    this.backups = backups;
  }

  /** The group's kept versions, oldest first. */
  public List<UserDataVersionDto> versions(String groupName) {
    Target t = target(groupName);
    return t.read(() -> {
      Optional<CutId> lastGood = lastGood(t);
      List<UserDataVersionDto> out = new ArrayList<>();
      // one small document read per version; retention keeps them few
      for (CutId cut : t.service.versions(t.name())) {
        out.add(version(t.service.record(t.name(), cut), lastGood));
      }
      return out;
    });
  }

  public UserDataRecordDto record(String groupName, String cutText) {
    Target t = target(groupName);
    CutId cut = pathCut(t, cutText);
    return t.read(() -> {
      UserDataRecord r = t.service.record(t.name(), cut);
      return new UserDataRecordDto(r.group().value(), version(r, lastGood(t)),
          r.grants().stream().map(UserDataHandler::grant).toList());
    });
  }

  /**
   * Who gained or lost what from {@code from} to {@code to}. Without {@code to}: the last good cut's version (the
   * newest version when the last good cut has none); without {@code from}: the version before {@code to}.
   */
  public UserDataDiffDto diff(String groupName, String fromText, String toText) {
    Target t = target(groupName);
    return t.read(() -> {
      List<CutId> kept = t.service.versions(t.name());
      if (kept.isEmpty()) {
        throw new NotFoundException("Group " + t.name() + " has no user data at " + t.site.id() + " yet: "
            + "every successful run keeps a version");
      }
      CutId to = blank(toText) ? lastGood(t).filter(kept::contains).orElse(kept.get(kept.size() - 1))
          : queryCut(t, kept, toText, "to");
      CutId from = blank(fromText) ? previous(t, kept, to) : queryCut(t, kept, fromText, "from");
      return diff(t.service.diff(t.name(), from, to));
    });
  }

  /** Applies (or, in a dry run, only reports) the version of {@code cut} to the group's secondary. */
  public UserDataApplyReportDto apply(String groupName, String cutText, String modeText, String user) {
    Target t = target(groupName);
    CutId cut = pathCut(t, cutText);
    ApplyMode mode = mode(modeText);
    UserDataApplyReport report = t.read(() -> t.service.apply(t.name(), cut, mode));
    LOG.info("User {} applied ({}) the user data of cut {} of group {} to {}: {} change(s), {} problem(s)", user, mode,
        cut, t.name(), t.site.id(), report.changes().size(), report.problems().size());
    return new UserDataApplyReportDto(report.group().value(), report.cut().value(), report.site().value(),
        report.mode().name(), report.ok(), report.changes().stream()
            .map(c -> new UserDataChangeDto(c.source().name(), c.action().name(), c.subject(),
                c.detail())).toList(), report.operatorActions(), report.problems());
  }

  private Target target(String groupName) {
    ProtectionGroup group = groups.find(groupName);
    Site secondary = controlPlane.site(group.pair().secondary());
    if (registries.ifReachable(secondary.id()).isEmpty()) {
      throw new PeerUnavailableException("Site " + secondary.id() + ", which keeps the user data of group "
          + group.name() + ", cannot be reached", null);
    }
    UserDataService service = backups.at(secondary).orElseThrow(() -> new NotFoundException("Site "
        + secondary.id() + " keeps no user data for group " + group.name()));
    return new Target(group, secondary, service);
  }

  /** The cut a promotion of the secondary would restore, and so apply the user data of. */
  private Optional<CutId> lastGood(Target t) {
    return registries.of(t.site.id()).lastGoodCut(t.name());
  }

  private static CutId pathCut(Target t, String text) {
    try {
      return new CutId(text);
    } catch (InvalidInputException e) {
      throw new NotFoundException("Unknown cut '" + RunHandler.printable(text) + "' of group " + t.name());
    }
  }

  private static CutId queryCut(Target t, List<CutId> kept, String text, String field) {
    CutId cut;
    try {
      cut = new CutId(text.trim());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, "Invalid cut '" + RunHandler.printable(text)
          + "' (a cut id such as 20261124T150000000Z)");
    }
    InvalidInputException.check(kept.contains(cut), field, "No user data of cut %s of group %s at %s (kept: %s)",
        cut, t.name(), t.site.id(), kept);
    return cut;
  }

  private static CutId previous(Target t, List<CutId> kept, CutId to) {
    CutId before = null;
    for (CutId c : kept) {
      if (c.compareTo(to) < 0) {
        before = c;
      }
    }
    if (before == null) {
      throw new NotFoundException("Group " + t.name() + " has no version of its user data before cut " + to
          + " to compare it with");
    }
    return before;
  }

  private static ApplyMode mode(String text) {
    InvalidInputException.check(!blank(text), "mode", "mode is required: DRY_RUN or APPLY");
    try {
      return ApplyMode.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("mode", "Invalid mode '" + RunHandler.printable(text)
          + "' (use DRY_RUN or APPLY)");
    }
  }

  private static UserDataVersionDto version(UserDataRecord r, Optional<CutId> lastGood) {
    return new UserDataVersionDto(r.cut().value(), r.cut().instant(), r.capturedAt(), r.site().value(),
        lastGood.filter(r.cut()::equals).isPresent(), r.grants().size(),
        r.sources().stream().map(s -> new UserDataSourceDto(s.source().name(), s.captured(), s.detail())).toList(),
        r.notes());
  }

  private static UserDataDiffDto diff(UserDataDiff d) {
    return new UserDataDiffDto(d.group().value(), d.from().value(), d.to().value(), d.principals().stream()
        .map(p -> new PrincipalChangeDto(p.principal().toString(),
            p.gained().stream().map(UserDataHandler::grant).toList(),
            p.lost().stream().map(UserDataHandler::grant).toList())).toList(),
        d.resources().stream().map(c -> new ResourceChangeDto(c.source().name(), c.subject(),
            c.before(), c.after())).toList());
  }

  private static GrantDto grant(Grant g) {
    return new GrantDto(g.principal().toString(), g.source().name(), g.resource(), g.right());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A group with the site that keeps its user data. */
  private record Target(ProtectionGroup group, Site site, UserDataService service) {
    GroupName name() {
      return group.name();
    }

    /**
     * Runs a read or an apply against the secondary's HDFS: an I/O failure there means the site cannot be reached
     * (503), while a document that does not parse stays an internal error.
     */
    <T> T read(Supplier<T> body) {
      try {
        return body.get();
      } catch (TandemException e) {
        if (e.getClass() == TandemException.class && e.getCause() instanceof IOException
            && !(e.getCause() instanceof JsonProcessingException)) {
          throw new PeerUnavailableException("Cannot read the user data of group " + group.name() + " at " + site.id()
              + ": " + e.getMessage(), e);
        }
        throw e;
      }
    }
  }
}
