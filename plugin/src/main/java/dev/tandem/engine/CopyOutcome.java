package dev.tandem.engine;

import dev.tandem.model.CopyMethod;

/** What one copy of one root did. */
public record CopyOutcome(CopyMethod method, long filesCopied, long bytesCopied, long pathsDeleted,
    long pathsRenamed) {
  public static final CopyOutcome NOTHING = new CopyOutcome(CopyMethod.NONE, 0, 0, 0, 0);

  public CopyOutcome plus(CopyOutcome o) {
    CopyMethod m = method == CopyMethod.NONE ? o.method : (o.method == CopyMethod.NONE || o.method == method
        ? method : CopyMethod.DISTCP);
    return new CopyOutcome(m, filesCopied + o.filesCopied, bytesCopied + o.bytesCopied,
        pathsDeleted + o.pathsDeleted, pathsRenamed + o.pathsRenamed);
  }
}
