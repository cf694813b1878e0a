package dev.tandem.model;

/**
 * Name of a protection group, normally the business service's name ({@code billing}). It becomes part of
 * znode paths and HDFS snapshot names, so it is restricted to a safe alphabet.
 */
public record GroupName(String value) {
  public GroupName {
    Names.check(Names.IDENTIFIER, value, "name", Names.IDENTIFIER_RULE);
  }

  public static GroupName of(String value) {
    return new GroupName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
