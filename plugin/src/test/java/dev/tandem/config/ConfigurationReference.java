package dev.tandem.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the configuration reference of the README (section between {@link #BEGIN} and {@link #END}) from the
 * settings' definitions. {@code ConfigurationReferenceTest} compares it with the README and, asked to, writes it.
 */
final class ConfigurationReference {
  static final String BEGIN = "<!-- BEGIN GENERATED configuration reference: from TandemProperties by "
      + "ConfigurationReferenceTest; do not edit by hand -->";
  static final String END = "<!-- END GENERATED configuration reference -->";

  private ConfigurationReference() {}

  static String markdown(List<SettingDefinition> settings) {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | file | meaning |\n|---|---|---|---|---|\n");
    for (SettingDefinition s : settings) {
      out.append("| `").append(s.name()).append("` | ").append(s.type().label()).append(" | ").append(defaultCell(s))
          .append(" | ").append(s.where().stream().map(Setting.Where::file).collect(Collectors.joining(", ")))
          .append(" | ").append(s.description().replace("|", "\\|"));
      if (!s.notInCsd().isEmpty()) {
        out.append(" Not in the CSD: ").append(s.notInCsd()).append('.');
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  private static String defaultCell(SettingDefinition s) {
    if (s.required()) {
      return "(required)";
    }
    if (!s.derived().isEmpty()) {
      return "empty → " + s.derived();
    }
    return s.defaultText().isEmpty() ? "empty" : "`" + s.defaultText() + "`";
  }

  /** {@code document} with the text between the markers replaced by {@code section}. */
  static String replaceSection(String document, String section) {
    int[] at = bounds(document);
    return document.substring(0, at[0]) + section + document.substring(at[1]);
  }

  /** The text between the markers' lines. */
  static String section(String document) {
    int[] at = bounds(document);
    return document.substring(at[0], at[1]);
  }

  private static int[] bounds(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("The README lacks the markers " + BEGIN + " ... " + END);
    }
    return new int[] {begin + BEGIN.length() + 1, end};
  }
}
