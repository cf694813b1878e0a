package dev.tandem.userdata;

import java.util.Comparator;

/**
 * Who holds a right: a user, a group, a role (Hive, Ranger), or one of the classes of HDFS permission bits
 * and ACLs that name nobody ({@code other}, {@code mask}, the owner and group of new files).
 */
public record Principal(Kind kind, String name) implements Comparable<Principal> {
  private static final Comparator<Principal> ORDER = Comparator.comparing(Principal::kind)
      .thenComparing(Principal::name);

  public enum Kind { USER, GROUP, ROLE, OTHER }

  public static Principal user(String name) {
    return new Principal(Kind.USER, name);
  }

  public static Principal group(String name) {
    return new Principal(Kind.GROUP, name);
  }

  public static Principal role(String name) {
    return new Principal(Kind.ROLE, name);
  }

  public static Principal other(String name) {
    return new Principal(Kind.OTHER, name);
  }

  @Override
  public int compareTo(Principal o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
  }
}
