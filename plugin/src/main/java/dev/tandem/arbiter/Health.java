package dev.tandem.arbiter;

/**
 * A site's health as its own server sees it. A site is healthy when its NameNode is active (answers and is out
 * of safe mode), its registry is connected, and its metastore, if it has one, answers.
 */
public record Health(State nameNode, State metastore, State registry, String detail) {
  public enum State { UP, DOWN, ABSENT }

  public Health {
    detail = detail == null ? "" : detail;
  }

  public boolean healthy() {
    return nameNode == State.UP && registry == State.UP && metastore != State.DOWN;
  }

  public Health withRegistry(State value) {
    return new Health(nameNode, metastore, value, detail);
  }

  public static Health up() {
    return new Health(State.UP, State.ABSENT, State.UP, "");
  }
}
