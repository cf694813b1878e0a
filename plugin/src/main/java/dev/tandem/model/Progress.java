package dev.tandem.model;

/** How far a run's copy is: files and bytes done out of the total known so far. */
public record Progress(RunStep step, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
  public static Progress of(RunStep step) {
    return new Progress(step, 0, 0, 0, 0);
  }

  public int percent() {
    if (bytesTotal > 0) {
      return (int) Math.min(100, bytesDone * 100 / bytesTotal);
    }
    return filesTotal > 0 ? (int) Math.min(100, filesDone * 100 / filesTotal) : 0;
  }
}
