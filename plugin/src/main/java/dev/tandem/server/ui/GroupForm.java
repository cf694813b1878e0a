package dev.tandem.server.ui;

import dev.tandem.model.GroupName;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.InvalidInputException;
import dev.tandem.model.Schedule;
import dev.tandem.model.TandemException;
import dev.tandem.server.api.DataSetDto;
import dev.tandem.server.api.GroupDto;
import dev.tandem.server.api.GroupRequest;
import dev.tandem.server.api.HdfsListingDto;
import dev.tandem.server.api.HiveListingDto;
import dev.tandem.server.api.ScheduleDto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protection-group form: what the operator typed, the messages beside each field, and the state of the two
 * data-set browsers. Every button of the form submits all fields, so browsing, adding and removing rows never
 * loses input and needs no JavaScript.
 *
 * <p>Rules live in the model and the handlers, not here: {@link #check()} runs the model's own parsers field by
 * field so that every wrong field gets its message at once, and {@link #fieldOf(String)} puts a handler's
 * {@link InvalidInputException} beside the field it names.
 */
public final class GroupForm {
  static final String HDFS = "hdfs";
  static final String HIVE_DB = "hiveDb";
  static final String HIVE_TABLE = "hiveTable";
  private static final Pattern DATA_SET_FIELD = Pattern.compile("dataSets\\[(\\d+)\\](?:\\..*)?");

  private final boolean creating;
  private String name = "";
  private String pair = "";
  private boolean enabled = true;
  private final List<String> hdfs = new ArrayList<>();
  private final List<String> hiveDbs = new ArrayList<>();
  private final List<String> hiveTables = new ArrayList<>();
  private String backupMoment = "01:00";
  private String periodicity = "4h";
  private String zone = "UTC";
  private String retention = "7";
  private String snapshots = "EXISTING_ONLY";
  private String hiveFencing = "REQUIRED";
  private final Map<String, String> errors = new LinkedHashMap<>();
  private String message;
  /** Which row each entry of the request's dataSets came from, e.g. {@code hdfs[0]}. */
  private final List<String> rowOfDataSet = new ArrayList<>();

  // The browsers: null = closed.
  private String hdfsBrowse;
  private HdfsListingDto hdfsListing;
  private String hdfsError;
  private String hiveBrowse;
  private HiveListingDto hiveListing;
  private String hiveError;

  private GroupForm(boolean creating) {
    this.creating = creating;
  }

  static GroupForm blank() {
    GroupForm f = new GroupForm(true);
    f.hdfs.add("");
    return f;
  }

  static GroupForm of(GroupDto g) {
    GroupForm f = new GroupForm(false);
    f.name = g.name();
    f.pair = g.pair();
    f.enabled = g.enabled();
    for (DataSetDto d : g.dataSets()) {
      switch (d.kind()) {
        case "hdfs" -> f.hdfs.add(d.path());
        case "hive-database" -> f.hiveDbs.add(d.database());
        default -> f.hiveTables.add(d.database() + "." + d.table());
      }
    }
    if (f.hdfs.isEmpty()) {
      f.hdfs.add("");
    }
    f.backupMoment = g.schedule().backupMoment();
    f.periodicity = g.schedule().periodicity();
    f.zone = g.schedule().zone();
    f.retention = Integer.toString(g.retention());
    f.snapshots = g.snapshots();
    f.hiveFencing = g.hiveFencing();
    return f;
  }

  /** The submitted form; {@code fixedName} is the group being edited (its name is not a field then). */
  static GroupForm parse(Map<String, List<String>> form, String fixedName) {
    GroupForm f = new GroupForm(fixedName == null);
    f.name = fixedName != null ? fixedName : one(form, "name");
    f.pair = one(form, "pair");
    f.enabled = !"no".equals(one(form, "enabled"));
    f.hdfs.addAll(all(form, HDFS));
    f.hiveDbs.addAll(all(form, HIVE_DB));
    f.hiveTables.addAll(all(form, HIVE_TABLE));
    f.backupMoment = one(form, "backupMoment");
    f.periodicity = one(form, "periodicity");
    f.zone = one(form, "zone");
    f.retention = one(form, "retention");
    f.snapshots = one(form, "snapshots");
    f.hiveFencing = form.containsKey("hiveFencing") ? one(form, "hiveFencing") : "REQUIRED";
    f.hdfsBrowse = form.containsKey("hdfsBrowse") ? one(form, "hdfsBrowse") : null;
    f.hiveBrowse = form.containsKey("hiveBrowse") ? one(form, "hiveBrowse") : null;
    return f;
  }

  /** The buttons other than save: they change the form, not the group. Returns true when one was pressed. */
  boolean applyEdits(Map<String, List<String>> form) {
    String v;
    if ((v = button(form, "add")) != null) {
      rows(v).add("");
    } else if ((v = button(form, "remove")) != null) {
      int colon = v.indexOf(':');
      List<String> rows = colon < 0 ? null : rows(v.substring(0, colon));
      int i = colon < 0 ? -1 : parseIndex(v.substring(colon + 1));
      if (rows != null && i >= 0 && i < rows.size()) {
        rows.remove(i);
      }
    } else if ((v = button(form, "browseHdfs")) != null) {
      hdfsBrowse = v.isBlank() ? "/" : v;
    } else if ((v = button(form, "pickHdfs")) != null) {
      add(hdfs, v);
    } else if (button(form, "closeHdfs") != null) {
      hdfsBrowse = null;
    } else if ((v = button(form, "browseHive")) != null) {
      hiveBrowse = v;
    } else if ((v = button(form, "pickHiveDb")) != null) {
      add(hiveDbs, v);
    } else if ((v = button(form, "pickHiveTable")) != null) {
      add(hiveTables, v);
    } else if (button(form, "closeHive") != null) {
      hiveBrowse = null;
    } else {
      return false;
    }
    return true;
  }

  private List<String> rows(String kind) {
    return switch (kind) {
      case HIVE_DB -> hiveDbs;
      case HIVE_TABLE -> hiveTables;
      default -> hdfs;
    };
  }

  /** Adds a picked value, filling an empty row first, never twice. */
  private static void add(List<String> rows, String value) {
    if (rows.contains(value)) {
      return;
    }
    int empty = rows.indexOf("");
    if (empty >= 0) {
      rows.set(empty, value);
    } else {
      rows.add(value);
    }
  }

  /**
   * Checks each field on its own with the model's parsers, so that all wrong fields show their message at once.
   * Returns true when nothing was found; the handler still has the last word (HDFS, other groups).
   */
  boolean check() {
    if (creating) {
      field("name", () -> GroupName.of(name));
    }
    if (pair.isBlank()) {
      errors.putIfAbsent("pair", "Choose the cluster pair");
    }
    forEachRow(HDFS, hdfs, p -> HdfsDirectory.of(p));
    forEachRow(HIVE_DB, hiveDbs, HiveDatabase::new);
    forEachRow(HIVE_TABLE, hiveTables, t -> {
      int dot = t.indexOf('.');
      InvalidInputException.check(dot > 0, "table", "Give the table as database.table: '%s'", t);
      return new HiveTable(t.substring(0, dot), t.substring(dot + 1));
    });
    if (dataSets().isEmpty()) {
      errors.putIfAbsent("dataSets", "Choose at least one HDFS directory, Hive database or Hive table");
    }
    // Each part of the schedule alone: the others replaced by values that are always valid.
    field("backupMoment", () -> Schedule.parse(backupMoment, "1d", "UTC"));
    field("periodicity", () -> Schedule.parse("00:00", periodicity, "UTC"));
    field("zone", () -> Schedule.parse("00:00", "1d", zone));
    if (retentionValue() == null) {
      errors.putIfAbsent("retention", "Invalid retention '" + retention + "' (a number of cuts, 1 to 1000)");
    }
    return errors.isEmpty();
  }

  private interface Parse {
    Object run();
  }

  private void field(String field, Parse parse) {
    try {
      parse.run();
    } catch (InvalidInputException e) {
      errors.putIfAbsent(field, e.getMessage());
    }
  }

  private void forEachRow(String kind, List<String> rows, java.util.function.Function<String, Object> parse) {
    for (int i = 0; i < rows.size(); i++) {
      String v = rows.get(i).trim();
      if (!v.isEmpty()) {
        try {
          parse.apply(v);
        } catch (InvalidInputException e) {
          errors.putIfAbsent(kind + "[" + i + "]", e.getMessage());
        }
      }
    }
  }

  /** The API request this form stands for; blank rows are left out. */
  GroupRequest request() {
    String[] sites = pair.split("--", 2);
    return new GroupRequest(creating ? name : null, sites[0], sites.length > 1 ? sites[1] : "", dataSets(),
        new ScheduleDto(backupMoment, periodicity, zone, null), retentionValue(), snapshots, enabled, hiveFencing);
  }

  private List<DataSetDto> dataSets() {
    List<DataSetDto> sets = new ArrayList<>();
    rowOfDataSet.clear();
    for (int i = 0; i < hdfs.size(); i++) {
      if (!hdfs.get(i).isBlank()) {
        sets.add(new DataSetDto("hdfs", hdfs.get(i).trim(), null, null));
        rowOfDataSet.add(HDFS + "[" + i + "]");
      }
    }
    for (int i = 0; i < hiveDbs.size(); i++) {
      if (!hiveDbs.get(i).isBlank()) {
        sets.add(new DataSetDto("hive-database", null, hiveDbs.get(i).trim(), null));
        rowOfDataSet.add(HIVE_DB + "[" + i + "]");
      }
    }
    for (int i = 0; i < hiveTables.size(); i++) {
      String t = hiveTables.get(i).trim();
      if (!t.isEmpty()) {
        int dot = t.indexOf('.');
        sets.add(new DataSetDto("hive-table", null, dot < 0 ? t : t.substring(0, dot),
            dot < 0 ? "" : t.substring(dot + 1)));
        rowOfDataSet.add(HIVE_TABLE + "[" + i + "]");
      }
    }
    return sets;
  }

  private Integer retentionValue() {
    try {
      return Integer.valueOf(retention.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Puts a handler's error beside its field, or above the form when it names none of the fields. */
  void reject(TandemException e) {
    if (e instanceof InvalidInputException iie && iie.field() != null) {
      String field = fieldOf(iie.field());
      if (field != null) {
        errors.put(field, e.getMessage());
        return;
      }
    }
    message = e.getMessage();
  }

  /** The form field of an API field name ({@code schedule.backupMoment}, {@code dataSets[1].path}, ...). */
  String fieldOf(String apiField) {
    Matcher m = DATA_SET_FIELD.matcher(apiField);
    if (m.matches()) {
      dataSets(); // the request's rows, in order
      int i = Integer.parseInt(m.group(1));
      return i < rowOfDataSet.size() ? rowOfDataSet.get(i) : "dataSets";
    }
    return switch (apiField) {
      case "name" -> creating ? "name" : null;
      case "primary", "secondary", "pair", "pair.primary", "pair.secondary" -> "pair";
      case "dataSets" -> "dataSets";
      case "schedule", "schedule.backupMoment" -> "backupMoment";
      case "schedule.periodicity" -> "periodicity";
      case "schedule.zone" -> "zone";
      case "retention" -> "retention";
      case "snapshots" -> "snapshots";
      case "hiveFencing" -> "hiveFencing";
      case "enabled" -> "enabled";
      default -> null;
    };
  }

  void hdfsListing(HdfsListingDto listing) {
    this.hdfsListing = listing;
  }

  void hdfsError(String error) {
    this.hdfsError = error;
  }

  void hiveListing(HiveListingDto listing) {
    this.hiveListing = listing;
  }

  void hiveError(String error) {
    this.hiveError = error;
  }

  /** The primary site of the chosen pair, or null before a pair is chosen. */
  public String primary() {
    return pair.contains("--") ? pair.substring(0, pair.indexOf("--")) : null;
  }

  private static String one(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
  }

  private static List<String> all(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null ? List.of() : v.stream().map(s -> s == null ? "" : s).toList();
  }

  private static String button(Map<String, List<String>> form, String key) {
    return form.containsKey(key) ? one(form, key) : null;
  }

  private static int parseIndex(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // Read by the template.

  public boolean creating() {
    return creating;
  }

  public String name() {
    return name;
  }

  public String pair() {
    return pair;
  }

  public boolean enabled() {
    return enabled;
  }

  public List<String> hdfs() {
    return hdfs;
  }

  public List<String> hiveDbs() {
    return hiveDbs;
  }

  public List<String> hiveTables() {
    return hiveTables;
  }

  public String backupMoment() {
    return backupMoment;
  }

  public String periodicity() {
    return periodicity;
  }

  public String zone() {
    return zone;
  }

  public String retention() {
    return retention;
  }

  public String snapshots() {
    return snapshots;
  }

  public String hiveFencing() {
    return hiveFencing;
  }

  public Map<String, String> errors() {
    return errors;
  }

  public String message() {
    return message;
  }

  public String hdfsBrowse() {
    return hdfsBrowse;
  }

  public HdfsListingDto hdfsListing() {
    return hdfsListing;
  }

  public String hdfsError() {
    return hdfsError;
  }

  /** The parent of the directory being browsed; null at the root. */
  public String hdfsParent() {
    if (hdfsBrowse == null || hdfsBrowse.equals("/") || hdfsBrowse.isBlank()) {
      return null;
    }
    int slash = hdfsBrowse.lastIndexOf('/');
    return slash <= 0 ? "/" : hdfsBrowse.substring(0, slash);
  }

  public String hiveBrowse() {
    return hiveBrowse;
  }

  public HiveListingDto hiveListing() {
    return hiveListing;
  }

  public String hiveError() {
    return hiveError;
  }
}
