package dev.tandem.userdata;

import dev.tandem.model.AccessSource;
import dev.tandem.model.ApplyMode;
import dev.tandem.model.UserDataChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects what one apply does; {@link #writes()} tells the appliers whether to change anything. */
final class ApplyLog {
  private final ApplyMode mode;
  private final List<UserDataChange> changes = new ArrayList<>();
  private final Set<String> actions = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  ApplyLog(ApplyMode mode) {
    this.mode = mode;
  }

  ApplyMode mode() {
    return mode;
  }

  /** False in a dry run: compute and report, change nothing. */
  boolean writes() {
    return mode == ApplyMode.APPLY;
  }

  void change(AccessSource source, UserDataChange.Action action, String subject, String detail) {
    changes.add(new UserDataChange(source, action, subject, detail));
  }

  void action(String text) {
    actions.add(text);
  }

  void problem(String text) {
    problems.add(text);
  }

  List<UserDataChange> changes() {
    return changes;
  }

  List<String> actions() {
    return List.copyOf(actions);
  }

  List<String> problems() {
    return problems;
  }
}
